/** One scrape of `GET /metrics`: the raw text, and a reader of one sample's value (0 when absent). */
export interface Scrape {
  status: number;
  contentType: string | null;
  text: string;
  value(name: string, labels?: Record<string, string>): number;
}

/** `name{a="x",b="y"}` exactly as prom-client writes it (labels in the order given). */
function sampleKey(name: string, labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(',')}}`;
}

export async function scrape(baseUrl: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await fetch(`${baseUrl}/metrics`, { headers });
  const text = await response.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
    value: (name, labels = {}) => samples.get(sampleKey(name, labels)) ?? 0,
  };
}
