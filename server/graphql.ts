import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Request, Response } from 'express';
import { createYoga, useErrorHandler } from 'graphql-yoga';
import type { Knex } from 'knex';
import { authenticate } from '../domain/sessions.js';
import type { Context } from '../schema/context.js';
import { isExpectedError, maskError } from '../schema/errors.js';
import { schema } from '../schema/index.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { sessionCookieFor, sessionToken } from './session-cookie.js';

interface ServerContext {
  req: Request;
  res: Response;
}

/** Yoga over the Pothos schema; the context carries the viewer found from the token or cookie. */
export function createGraphQLHandler(config: Config, db: Knex, logger: Logger) {
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: config.graphiql ? { title: 'Youku GraphQL' } : false,
    landingPage: false,
    // Uploads are parsed by graphql-upload-ts before Yoga, streamed to disk instead of held in memory.
    multipart: false,
    maskedErrors: { maskError },
    logging: logger,
    plugins: [
      EnvelopArmorPlugin(),
      useErrorHandler(({ errors, context }) => {
        const log = (context as Partial<ServerContext>).req?.log ?? logger;
        for (const error of errors) {
          if (!isExpectedError(error)) log.error({ err: error }, 'unexpected error in a GraphQL request');
        }
      }),
    ],
    context: async ({ req, res }): Promise<Context> => {
      const token = sessionToken(req);
      const session = token ? await authenticate(db, token, config.settings.sessionTtlSeconds) : null;
      const sessionCookie = sessionCookieFor(res, config.cookieSecure);
      if (session?.renewed && token && !req.headers.authorization)
        sessionCookie.set({ token, expiresAt: session.expiresAt });
      return {
        db,
        settings: config.settings,
        viewer: session?.user ?? null,
        sessionId: session?.sessionId ?? null,
        sessionCookie,
      };
    },
  });
}
