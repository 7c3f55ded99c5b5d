/** One page of a connection, as the API answers it. */
export interface Page<Node> {
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: Node }[];
}

/** Every page of a connection, or only the first with `all` false. */
export async function pages<Node>(
  all: boolean,
  fetchPage: (after: string | undefined) => Promise<Page<Node>>,
): Promise<Node[]> {
  const nodes: Node[] = [];
  for (let after: string | undefined; ;) {
    const page = await fetchPage(after);
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!all || !page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return nodes;
    after = page.pageInfo.endCursor;
  }
}
