import { collectSubFields } from '@graphql-tools/utils';
import { getNamedType, isObjectType, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import type { MovieProperty } from '../domain/catalogue/movies.js';
import { PRICED_MOVIE_PROPERTIES } from '../domain/commerce/pricing.js';

const MEDIA: readonly MovieProperty[] = ['durationSeconds', 'width', 'height', 'videoCodec', 'audioCodec', 'mimeType'];

/**
 * What each field of Movie reads of the movie's row (its id is always there). A list reads only
 * what its page asks for; a field that is not named here makes the list read every column. A field
 * that reads a property not named here would see it undefined in a list: test/movie-reads.test.ts
 * asks every field through `movies` and through `movie` and wants the same answers.
 */
export const MOVIE_READS: Readonly<Record<string, readonly MovieProperty[]>> = {
  __typename: [],
  id: [],
  name: ['name'],
  isFree: ['isFree'],
  description: ['description'],
  size: ['size'],
  fingerprint: ['fingerprint'],
  sha256: ['sha256'],
  uploadedAt: ['uploadedAt'],
  isDeleted: ['isDeleted'],
  price: PRICED_MOVIE_PROPERTIES,
  waitSeconds: PRICED_MOVIE_PROPERTIES,
  mediaInfo: MEDIA,
  isPlayable: ['probedAt', ...MEDIA],
  downloadName: ['name', 'fileExtension', 'mimeType'],
  posterUrl: ['posterKey'],
  processing: ['processingState', 'processingError', 'processingRun'],
  previewsUrl: ['previewsKey'],
  renditions: ['processingState', 'processingRun'],
};

/** The fields selected under `fields` of `type`, by name (fragments, aliases and @skip/@include resolved). */
function selected(info: GraphQLResolveInfo, type: GraphQLObjectType, fields: FieldNode[]): Map<string, FieldNode[]> {
  const byName = new Map<string, FieldNode[]>();
  const collected = collectSubFields(info.schema, info.fragments, info.variableValues, type, fields).fields;
  for (const nodes of collected.values()) {
    const name = nodes[0]!.name.value;
    byName.set(name, [...(byName.get(name) ?? []), ...nodes]);
  }
  return byName;
}

function objectTypeOf(type: GraphQLObjectType, field: string): GraphQLObjectType {
  const named = getNamedType(type.getFields()[field]!.type);
  if (!isObjectType(named)) throw new Error(`${type.name}.${field} is not an object type`);
  return named;
}

/**
 * What a page of a connection of movies (the field `info` resolves) reads of each row: undefined,
 * for every column, when one of its Movie fields is not in MOVIE_READS.
 */
export function movieReadsOf(info: GraphQLResolveInfo): MovieProperty[] | undefined {
  const connection = getNamedType(info.returnType);
  if (!isObjectType(connection)) throw new Error(`${info.fieldName} is not a connection`);
  const edges = selected(info, connection, [...info.fieldNodes]).get('edges');
  if (!edges) return [];
  const edge = objectTypeOf(connection, 'edges');
  const nodes = selected(info, edge, edges).get('node');
  if (!nodes) return [];
  const reads = new Set<MovieProperty>();
  for (const field of selected(info, objectTypeOf(edge, 'node'), nodes).keys()) {
    const properties = MOVIE_READS[field];
    if (!properties) return undefined;
    for (const property of properties) reads.add(property);
  }
  return [...reads];
}
