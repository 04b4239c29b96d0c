import { ROUTES, type RouteInfo } from './route-table.js';
import { ANALYTICS_ROLES } from './users.js';

type Json = Record<string, unknown>;

const errorSchema: Json = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, detail: { type: 'string' } },
};

const rateHeaders: Json = {
  'RateLimit-Limit': { description: 'Requests allowed per window (draft6 dialect)', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in the window (draft6 dialect)', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until a slot frees (draft6 dialect)', schema: { type: 'integer' } },
  'RateLimit-Policy': { description: 'Quota policy, e.g. 20;w=60', schema: { type: 'string' } },
  'X-RateLimit-Reset': { description: 'Epoch seconds when a slot frees (legacy dialect)', schema: { type: 'integer' } },
};

function errorResponse(description: string, extraHeaders?: Json): Json {
  return {
    description,
    ...(extraHeaders ? { headers: extraHeaders } : {}),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

function responsesFor(route: RouteInfo): Json {
  const ok: Json = { description: 'Success', ...(route.limit !== 'none' ? { headers: rateHeaders } : {}) };
  if (route.id === 'docs') ok.content = { 'text/html': { schema: { type: 'string' } } };
  else if (route.id === 'login') ok.content = { 'application/json': { schema: { $ref: '#/components/schemas/Token' } } };
  else ok.content = { 'application/json': { schema: { type: route.id === 'services' ? 'array' : 'object' } } };
  const responses: Json = { '200': ok };
  if (route.id === 'login') {
    responses['400'] = errorResponse('Body is not JSON {email, password}');
    responses['401'] = errorResponse('Wrong email or password');
  }
  if (route.auth !== 'none') {
    responses['401'] = errorResponse('Missing, invalid or expired bearer token', {
      'WWW-Authenticate': { schema: { type: 'string' }, description: 'Bearer realm="limitprobe", error="invalid_token"' },
    });
  }
  if (route.auth === 'role') responses['403'] = errorResponse(`Role not allowed (needs ${[...ANALYTICS_ROLES].join(', ')})`);
  if (route.limit !== 'none') {
    responses['429'] = errorResponse('Rate limited', {
      'Retry-After': { description: 'Seconds until a slot frees', schema: { type: 'integer', minimum: 1 } },
      ...rateHeaders,
    });
    responses['503'] = errorResponse('Rate limiter store unavailable');
  }
  return responses;
}

function operation(route: RouteInfo): Json {
  const op: Json = {
    operationId: route.id,
    summary: route.summary,
    responses: responsesFor(route),
  };
  if (route.auth !== 'none') op.security = [{ bearerAuth: [] }];
  if (route.id === 'login') {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Credentials' } } },
    };
  }
  return op;
}

/** The OpenAPI 3.1 document of every route, built from the route table. */
export function buildOpenApi(serverUrl: string): Json {
  const paths: Json = {};
  for (const route of ROUTES) {
    paths[route.path] = { ...(paths[route.path] as Json | undefined), [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'limitprobe reference target',
      version: '1.0.0',
      description: 'Demo API with JWT auth and a sliding-window rate limiter, for limitprobe demos and tests.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: errorSchema,
        Credentials: {
          type: 'object',
          required: ['email', 'password'],
          properties: { email: { type: 'string' }, password: { type: 'string' } },
        },
        Token: {
          type: 'object',
          required: ['access_token', 'token_type', 'expires_in'],
          properties: {
            access_token: { type: 'string' },
            token_type: { type: 'string', const: 'bearer' },
            expires_in: { type: 'integer' },
          },
        },
      },
    },
  };
}
