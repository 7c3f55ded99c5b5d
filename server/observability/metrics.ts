import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { RequestHandler, Response } from 'express';
import { getOperationAST, Kind, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Knex } from 'knex';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { countJobs } from '../../db/jobs.js';
import { routeOf } from '../../domain/core/routes.js';
import { addressMatcher } from '../http/address-rule.js';
import type { AddressRule } from '../config/config.js';
import { sendError } from '../http/json-errors.js';
import type { Logger } from './logger.js';

/** Node's own metrics (CPU, memory, event loop, GC) describe the process: collected once, whatever the apps in it. */
let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** A fixed set of route labels, the routes' names: a path may hold a download ticket or an upload id, never a label. */
function routeLabel(path: string): string {
  return routeOf(path) ?? 'other';
}

/** Multipart GraphQL requests and tus PATCHes carry a video's bytes. */
function isUpload(req: IncomingMessage, route: string): boolean {
  if (route === 'uploads') return req.method === 'PATCH';
  return (
    route === 'graphql' && req.method === 'POST' && /^multipart\/form-data/i.test(req.headers['content-type'] ?? '')
  );
}

/** The operation label a request's GraphQL layer gave (see `useOperationLabel`). */
function operationOf(res: ServerResponse & { locals?: Record<string, unknown> }, route: string): string {
  if (route !== 'graphql') return '';
  return ((res.locals ?? {}).metricsOperation as string | undefined) ?? 'none';
}

/** What a connection had carried when its last request ended, so each byte counts once. */
const counted = new WeakMap<Socket, { read: number; written: number }>();

function bytesSinceLastRequest(socket: Socket): { read: number; written: number } {
  const before = counted.get(socket) ?? { read: 0, written: 0 };
  const now = { read: socket.bytesRead, written: socket.bytesWritten };
  counted.set(socket, now);
  return { read: now.read - before.read, written: now.written - before.written };
}

interface PoolView {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

/** Counts one request, its time, its bytes and whether it is an upload in flight, once its answer closes. */
export type RequestMeasure = (req: IncomingMessage, res: ServerResponse) => void;

export interface Metrics {
  /** `observe` for Express's requests; mounted first. */
  measure: RequestHandler;
  /** For the requests answered before Express (the media path). */
  observe: RequestMeasure;
  /** `GET /metrics`; absent when METRICS is off. */
  route: RequestHandler | undefined;
}

function appMetrics(db: Knex, log: Logger) {
  const registry = new Registry();
  const labels = ['route', 'operation'] as const;
  const requests = new Counter({
    name: 'youku_http_requests_total',
    help: 'Requests answered (or abandoned: status "none"), by route, GraphQL operation and status',
    labelNames: [...labels, 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'youku_http_request_duration_seconds',
    help: 'Time from the request to the end of its answer, by route and GraphQL operation',
    labelNames: labels,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
    registers: [registry],
  });
  const received = new Counter({
    name: 'youku_http_received_bytes_total',
    help: 'Bytes received from clients, headers included, by route',
    labelNames: ['route'],
    registers: [registry],
  });
  const sent = new Counter({
    name: 'youku_http_sent_bytes_total',
    help: 'Bytes sent to clients, headers included, by route',
    labelNames: ['route'],
    registers: [registry],
  });
  const uploads = new Gauge({
    name: 'youku_uploads_in_flight',
    help: 'Upload requests (multipart uploadMovie, tus PATCH) whose body is still arriving or being stored',
    registers: [registry],
  });
  new Gauge({
    name: 'youku_jobs',
    help: 'Background jobs: queued (waiting or running) and failed (out of attempts), read from the database at each scrape',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      try {
        const jobs = await countJobs(db);
        this.set({ state: 'queued' }, jobs.queued);
        this.set({ state: 'failed' }, jobs.failed);
      } catch (err) {
        // No figure rather than a stale one; the rest of the page still serves.
        this.reset();
        log.warn({ err }, 'metrics: the jobs could not be counted');
      }
    },
  });
  const pool = (db.client as { pool?: PoolView }).pool;
  new Gauge({
    name: 'youku_db_pool_connections',
    help: 'Database connections of this process: in use, idle, awaited by requests, and the pool maximum',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending' }, pool.numPendingAcquires());
      this.set({ state: 'max' }, pool.max);
    },
  });

  const observe: RequestMeasure = (req, res) => {
    const route = routeLabel((req.url ?? '').split('?', 1)[0]!);
    const upload = isUpload(req, route);
    if (upload) uploads.inc();
    const started = process.hrtime.bigint();
    res.once('close', () => {
      if (upload) uploads.dec();
      const operation = operationOf(res, route);
      const status = res.headersSent ? String(res.statusCode) : 'none';
      requests.inc({ route, operation, status });
      duration.observe({ route, operation }, Number(process.hrtime.bigint() - started) / 1e9);
      const bytes = bytesSinceLastRequest(req.socket);
      received.inc({ route }, bytes.read);
      sent.inc({ route }, bytes.written);
    });
  };
  return { registry, observe };
}

function metricsRoute(registry: Registry, rule: AddressRule): RequestHandler {
  const allowed = addressMatcher(rule);
  return async (req, res, next) => {
    if (!allowed(req.ip)) return sendError(res, 403, 'FORBIDDEN', 'Metrics are not served to this address.');
    try {
      const page = Registry.merge([processMetrics(), registry]);
      const text = await page.metrics();
      res.set({ 'Content-Type': page.contentType, 'Cache-Control': 'no-store' }).send(text);
    } catch (err) {
      next(err);
    }
  };
}

/** The metrics of one app (its registry) and the `/metrics` page that shows them with the process's. */
export function createMetrics(db: Knex, log: Logger, rule: AddressRule): Metrics {
  const { registry, observe } = appMetrics(db, log);
  const measure: RequestHandler = (req, res, next) => {
    observe(req, res);
    next();
  };
  return { measure, observe, route: rule === false ? undefined : metricsRoute(registry, rule) };
}

/**
 * Labels a GraphQL request by what it ran: its type and first root field as the schema names them
 * (`mutation uploadMovie`). The operation's own name is the client's choice and unbounded; the
 * schema's fields are few and fixed. A request that never executes keeps the label `none`.
 */
export function useOperationLabel(): Plugin<Record<string, never>, { res: Response }> {
  return {
    onExecute({ args }) {
      // envelop, written for any graphql-js, types the execution's arguments `any`.
      const operation = getOperationAST(args.document as DocumentNode, args.operationName as string | null | undefined);
      const field = operation?.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
      const res = (args.contextValue as { res?: Response }).res;
      if (operation && field && res)
        (res.locals ??= {}).metricsOperation = `${operation.operation} ${field.name.value}`;
    },
  };
}
