/**
 * The scenario JSON Schema (draft-07) as a plain object, so any module can load it from any outDir.
 * schema/scenario.schema.json is written from this object by `emit-schema.ts`; a test asserts the
 * two are deep-equal. It mirrors src/model/scenario.ts: change both together.
 *
 * Patterns that users can get wrong have friendly names in `validate-schema.ts` (PATTERN_NAMES);
 * keep those strings in sync when editing a pattern here.
 */

export const DURATION_PATTERN = '^\\s*(\\d+(?:\\.\\d+)?\\s*(ms|s|m|h)|0+(\\.0+)?)\\s*$';
export const PATH_PATTERN = '^(/|https?://)';
export const TARGET_PATTERN = '^(embedded|https?://[^\\s]+)$';
export const REDIS_URL_PATTERN = '^rediss?://[^\\s]+$';
export const HEADER_NAME_PATTERN = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";
export const PROFILE_NAME_PATTERN = '^[A-Za-z0-9_.-]+$';
export const TOKEN_PATH_PATTERN = '^[^.\\s]+(\\.[^.\\s]+)*$';
export const PRESET_PATTERN = '^security-headers$';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

const requestProperties = {
  name: { type: 'string', minLength: 1, description: 'Name of this request in metrics and reports (default: method and path).' },
  method: { type: 'string', enum: METHODS, description: 'HTTP method, upper case (default GET).' },
  path: {
    type: 'string',
    pattern: PATH_PATTERN,
    description: 'Path and query appended to `target`, starting with "/" (or an absolute http(s):// URL).',
  },
  headers: { $ref: '#/definitions/headers', description: 'Request headers; they override `defaults.headers`.' },
  body: { description: 'Request body: an object or array is sent as JSON (Content-Type: application/json), a string as is.' },
  auth: { type: 'string', minLength: 1, description: 'Name of a profile under `auth` whose headers are added to this request.' },
};

const phaseCommon = {
  name: { type: 'string', minLength: 1, description: 'Phase name, unique within the scenario; used in reports.' },
  thresholds: { $ref: '#/definitions/thresholds', description: 'Thresholds for this phase only, added to the scenario-wide ones.' },
};

export const scenarioSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://limitprobe.dev/schema/scenario.schema.json',
  title: 'limitprobe scenario',
  description: 'A limitprobe scenario: a target, optional auth profiles and a list of phases (burst, flood, check, rate-probe).',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'phases'],
  properties: {
    $schema: { type: 'string', description: 'Path or URL of this schema, for editors. Ignored by limitprobe.' },
    name: { type: 'string', minLength: 1, description: 'Scenario name, shown in reports.' },
    description: { type: 'string', description: 'Free text describing the scenario.' },
    target: {
      type: 'string',
      pattern: TARGET_PATTERN,
      description: 'Base URL of the system under test (http:// or https://), or "embedded" (the default) to start the embedded reference target.',
    },
    embedded: { $ref: '#/definitions/embedded', description: 'Options for the embedded reference target.' },
    seed: {
      type: 'integer',
      minimum: 0,
      maximum: 4294967295,
      description: 'Seed for the request-mix picker and anything random: the same seed gives the same request sequence.',
    },
    defaults: {
      type: 'object',
      additionalProperties: false,
      description: 'Defaults applied to every request.',
      properties: {
        headers: { $ref: '#/definitions/headers', description: 'Headers sent with every request.' },
        timeout: { $ref: '#/definitions/duration', description: 'Per-request timeout, e.g. "10s".' },
      },
    },
    auth: {
      type: 'object',
      description: 'Named auth profiles; requests refer to them with `auth: <name>`.',
      propertyNames: { pattern: PROFILE_NAME_PATTERN },
      additionalProperties: { $ref: '#/definitions/authProfile' },
    },
    thresholds: { $ref: '#/definitions/thresholds', description: 'k6-style thresholds applied to every phase, keyed by metric.' },
    phases: {
      type: 'array',
      minItems: 1,
      description: 'Phases, run in order.',
      items: { $ref: '#/definitions/phase' },
    },
  },
  definitions: {
    duration: {
      type: ['string', 'number'],
      pattern: DURATION_PATTERN,
      minimum: 0,
      description: 'A duration: "500ms", "30s", "1.5m", "2h" (a string needs its unit), or a plain number of milliseconds.',
    },
    headers: {
      type: 'object',
      description: 'HTTP headers: name → value.',
      propertyNames: { pattern: HEADER_NAME_PATTERN },
      additionalProperties: { type: 'string' },
    },
    statusList: {
      type: ['integer', 'array'],
      minimum: 100,
      maximum: 599,
      minItems: 1,
      items: { type: 'integer', minimum: 100, maximum: 599 },
      description: 'An HTTP status code (100-599) or a list of them.',
    },
    thresholds: {
      type: 'object',
      description: 'Metric name → list of threshold expressions such as "p(95)<200".',
      additionalProperties: {
        type: 'array',
        minItems: 1,
        description: 'Threshold expressions for this metric.',
        items: {
          type: ['string', 'object'],
          minLength: 1,
          additionalProperties: false,
          required: ['threshold'],
          description: 'An expression, or {threshold, abortOnFail}.',
          properties: {
            threshold: { type: 'string', minLength: 1, description: 'Expression such as "p(95)<200" or "rate<0.01".' },
            abortOnFail: { type: 'boolean', description: 'Stop the run as soon as this threshold fails.' },
          },
        },
      },
    },
    embedded: {
      type: 'object',
      additionalProperties: false,
      description: 'Options for the embedded reference target.',
      properties: {
        redis: { type: 'string', pattern: REDIS_URL_PATTERN, description: 'Redis URL for the limiter store (default: in-memory).' },
        corsOrigin: { type: 'string', description: 'Origin the embedded target allows in CORS answers.' },
        publicLimit: { type: 'integer', minimum: 1, description: 'Requests per window allowed per IP on public routes.' },
        userLimit: { type: 'integer', minimum: 1, description: 'Requests per window allowed per user on authenticated routes.' },
        window: { $ref: '#/definitions/duration', description: 'Rate-limit window of the embedded target.' },
        jwtSecret: { type: 'string', minLength: 1, description: 'HS256 secret of the embedded target\'s tokens (default: random per run), so `jwt` auth profiles can mint tokens it accepts.' },
      },
    },
    authProfile: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      description: 'Exactly one of bearer, jwt, login or pool.',
      properties: {
        bearer: { type: 'string', minLength: 1, description: 'A static token sent as "Authorization: Bearer <token>".' },
        jwt: { $ref: '#/definitions/jwtAuth', description: 'A JWT minted at run time.' },
        login: { $ref: '#/definitions/loginAuth', description: 'A login request whose JSON answer holds the token.' },
        pool: { $ref: '#/definitions/poolAuth', description: 'N distinct identities (via login or jwt), for per-user limits.' },
      },
    },
    jwtAuth: {
      type: 'object',
      additionalProperties: false,
      required: ['secret'],
      description: 'A JWT minted with an HMAC secret.',
      properties: {
        secret: { type: 'string', minLength: 1, description: 'HMAC secret (use ${VAR} to keep it out of the file).' },
        algorithm: { type: 'string', enum: ['HS256', 'HS384', 'HS512'], description: 'Signing algorithm (default HS256).' },
        claims: { type: 'object', description: 'Extra claims, e.g. {sub: "user-1", role: "admin"}. In a pool, ${i} is the 1-based user number.' },
        expiresIn: { $ref: '#/definitions/duration', description: 'Lifetime of the token (default 1h).' },
        issuer: { type: 'string', description: 'The "iss" claim.' },
        audience: { type: 'string', description: 'The "aud" claim.' },
      },
    },
    loginAuth: {
      type: 'object',
      additionalProperties: false,
      required: ['path', 'token'],
      description: 'A login request sent once before the run; the token is read from its JSON answer.',
      properties: {
        method: { type: 'string', enum: METHODS, description: 'HTTP method (default POST).' },
        path: { type: 'string', pattern: PATH_PATTERN, description: 'Login path appended to `target`, starting with "/".' },
        headers: { $ref: '#/definitions/headers', description: 'Headers of the login request.' },
        body: { description: 'Login body: an object (sent as JSON) or a string. In a pool, ${i} is the 1-based user number.' },
        token: {
          type: 'string',
          pattern: TOKEN_PATH_PATTERN,
          description: 'Dot path of the token in the JSON answer, e.g. "access_token" or "data.token".',
        },
        scheme: { type: 'string', description: 'Authorization scheme put before the token (default "Bearer"; "" sends the token alone).' },
      },
    },
    poolAuth: {
      type: 'object',
      additionalProperties: false,
      required: ['size'],
      description: 'A pool of `size` distinct users, each with its own token (login or jwt, exactly one).',
      properties: {
        size: { type: 'integer', minimum: 1, maximum: 10000, description: 'Number of users.' },
        login: { $ref: '#/definitions/loginAuth', description: 'Login per user; ${i} in the body or headers is the user number.' },
        jwt: { $ref: '#/definitions/jwtAuth', description: 'JWT per user; ${i} in the claims is the user number.' },
      },
      oneOf: [{ required: ['login'] }, { required: ['jwt'] }],
    },
    request: {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      description: 'One HTTP request.',
      properties: requestProperties,
    },
    mixEntry: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'path'],
      description: 'A named request in a load mix, picked with probability weight / sum of weights.',
      properties: {
        ...requestProperties,
        name: { type: 'string', minLength: 1, description: 'Name of this request in metrics and reports; unique within the phase.' },
        weight: { type: 'number', minimum: 0, description: 'Relative weight in the mix (default 1; 0 disables the entry).' },
      },
    },
    mix: {
      type: 'array',
      minItems: 1,
      description: 'Requests of a load phase, picked by weight.',
      items: { $ref: '#/definitions/mixEntry' },
    },
    loadExpect: {
      type: 'object',
      additionalProperties: false,
      description: 'Expectations over the whole phase.',
      properties: {
        status: { $ref: '#/definitions/statusList', description: 'Statuses that count as success (default: any 2xx or 3xx).' },
        successRate: { type: 'number', minimum: 0, maximum: 1, description: 'Minimum share of successful requests, 0..1 (default 1).' },
      },
    },
    expectations: {
      type: 'object',
      additionalProperties: false,
      description: 'What the response of a check must look like.',
      properties: {
        status: { $ref: '#/definitions/statusList', description: 'Expected status code(s).' },
        headers: {
          type: 'array',
          description: 'Header expectations.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', pattern: HEADER_NAME_PATTERN, description: 'Header name (case-insensitive).' },
              present: { type: 'boolean', description: 'true: must be present; false: must be absent.' },
              equals: { type: 'string', description: 'Exact expected value.' },
              matches: { type: 'string', minLength: 1, description: 'Regular expression the value must match.' },
            },
          },
        },
        json: {
          type: 'array',
          description: 'JSON body expectations.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['path'],
            properties: {
              path: { type: 'string', minLength: 1, description: 'Dot path in the JSON body, e.g. "data.items.0.id".' },
              equals: { description: 'Expected value (any JSON).' },
              exists: { type: 'boolean', description: 'true: the path must exist; false: it must not.' },
            },
          },
        },
        bodyContains: {
          type: ['string', 'array'],
          items: { type: 'string' },
          description: 'Text (or list of texts) the body must contain.',
        },
        preset: {
          type: ['string', 'array'],
          pattern: PRESET_PATTERN,
          items: { type: 'string', pattern: PRESET_PATTERN },
          description: 'Named header checks: "security-headers".',
        },
        cors: {
          type: 'object',
          additionalProperties: false,
          required: ['origin'],
          description: 'Send a CORS preflight and check the answer allows this origin/method/headers.',
          properties: {
            origin: { type: 'string', minLength: 1, description: 'Origin to send.' },
            method: { type: 'string', description: 'Access-Control-Request-Method (default: the request method).' },
            headers: { type: 'array', items: { type: 'string' }, description: 'Access-Control-Request-Headers.' },
          },
        },
        maxLatency: { $ref: '#/definitions/duration', description: 'Slowest acceptable response time.' },
      },
    },
    phase: {
      type: 'object',
      description: 'A phase; `kind` chooses burst, flood, check or rate-probe.',
      required: ['kind'],
      discriminator: { propertyName: 'kind' },
      oneOf: [
        { $ref: '#/definitions/burstPhase' },
        { $ref: '#/definitions/floodPhase' },
        { $ref: '#/definitions/checkPhase' },
        { $ref: '#/definitions/rateProbePhase' },
      ],
    },
    burstPhase: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name', 'connections', 'requests', 'mix'],
      description: 'A fixed number of requests over a fixed number of connections, as fast as possible.',
      properties: {
        kind: { const: 'burst', description: 'burst: a fixed number of requests.' },
        ...phaseCommon,
        connections: { type: 'integer', minimum: 1, description: 'Concurrent connections.' },
        requests: { type: 'integer', minimum: 1, description: 'Total number of requests.' },
        mix: { $ref: '#/definitions/mix', description: 'Requests, picked by weight.' },
        expect: { $ref: '#/definitions/loadExpect', description: 'Success criteria over the phase.' },
      },
    },
    floodPhase: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name', 'mix'],
      description: 'Sustained load: closed model (connections + duration) or open model (rate + duration, or stages).',
      properties: {
        kind: { const: 'flood', description: 'flood: sustained load for a duration.' },
        ...phaseCommon,
        connections: { type: 'integer', minimum: 1, description: 'Closed model: concurrent connections, each sending back to back.' },
        rate: { type: 'number', exclusiveMinimum: 0, description: 'Open model: constant arrival rate, requests per second.' },
        stages: {
          type: 'array',
          minItems: 1,
          description: 'Open model: arrival-rate stages, each ramping linearly from the previous target.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['duration', 'target'],
            properties: {
              duration: { $ref: '#/definitions/duration', description: 'Length of the stage.' },
              target: { type: 'number', minimum: 0, description: 'Arrival rate (req/s) reached at the end of the stage.' },
            },
          },
        },
        duration: { $ref: '#/definitions/duration', description: 'Closed model or constant-rate open model: how long.' },
        maxInFlight: {
          type: 'integer',
          minimum: 1,
          description: 'Open model: most requests in flight at once (default 1000); further arrivals are dropped and counted.',
        },
        mix: { $ref: '#/definitions/mix', description: 'Requests, picked by weight.' },
        expect: { $ref: '#/definitions/loadExpect', description: 'Success criteria over the phase.' },
      },
      oneOf: [
        { required: ['connections', 'duration'], not: { anyOf: [{ required: ['rate'] }, { required: ['stages'] }, { required: ['maxInFlight'] }] } },
        { required: ['rate', 'duration'], not: { anyOf: [{ required: ['connections'] }, { required: ['stages'] }] } },
        { required: ['stages'], not: { anyOf: [{ required: ['connections'] }, { required: ['rate'] }, { required: ['duration'] }] } },
      ],
    },
    checkPhase: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name', 'request', 'expect'],
      description: 'One request whose response is checked against expectations.',
      properties: {
        kind: { const: 'check', description: 'check: one request, checked.' },
        ...phaseCommon,
        request: { $ref: '#/definitions/request', description: 'The request to send.' },
        expect: { $ref: '#/definitions/expectations', description: 'What the response must look like.' },
      },
    },
    rateProbePhase: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name', 'request', 'limit', 'window'],
      description: 'Probe a rate limit: send requests and judge whether the limit holds as declared.',
      properties: {
        kind: { const: 'rate-probe', description: 'rate-probe: verify a declared rate limit.' },
        ...phaseCommon,
        request: { $ref: '#/definitions/request', description: 'The rate-limited request.' },
        limit: { type: 'integer', minimum: 1, description: 'Declared number of requests allowed per window.' },
        window: { $ref: '#/definitions/duration', description: 'Declared window, e.g. "60s".' },
        count: { type: 'integer', minimum: 1, description: 'Requests to send (default: enough to exceed the limit).' },
        concurrency: { type: 'integer', minimum: 1, description: 'Requests in flight at once (default 1: sequential).' },
        scope: { type: 'string', enum: ['ip', 'user', 'global'], description: 'What the limit is keyed on.' },
        algorithm: {
          type: 'string',
          enum: ['fixed', 'sliding', 'token-bucket', 'unknown'],
          description: 'Declared algorithm, if known (default unknown).',
        },
        limitedStatus: { type: 'integer', minimum: 100, maximum: 599, description: 'Status of a limited answer (default 429).' },
        recover: { type: 'boolean', description: 'Also wait for the window to pass and check requests are allowed again.' },
        strategies: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string', minLength: 1 },
          description: 'Probe strategies to run (see docs/rate-limits.md).',
        },
        otherAuth: { type: 'string', minLength: 1, description: 'Second identity (auth profile name) for the identity strategy.' },
        origin: { type: 'string', description: 'Origin header to send.' },
        failOpenAllowed: { type: 'boolean', description: 'Whether allowing traffic when the limiter store is down is acceptable.' },
        redis: {
          type: 'object',
          additionalProperties: false,
          required: ['url'],
          description: "Inspect the limiter's Redis state during the probe.",
          properties: {
            url: { type: 'string', pattern: REDIS_URL_PATTERN, description: 'redis:// or rediss:// URL.' },
            match: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Key patterns (SCAN MATCH) to inspect.' },
            library: { type: 'string', description: 'Limiter library, if known (e.g. rate-limiter-flexible).' },
          },
        },
      },
    },
  },
} as const;

/** Phase kinds, in schema order (for messages). */
export const PHASE_KINDS = ['burst', 'flood', 'check', 'rate-probe'] as const;
