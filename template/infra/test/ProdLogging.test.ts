import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { applicationLogLevelFor, AUTH_ENV, ServiceConfig, ServiceNaming, usesCognito } from '@serverless-axum/cdk';
import { synthEnvironment } from './support/service';

/**
 * Contract between the prod stack and the binary: the service is started with exactly the environment and logging
 * config the synthesized prod function gets (its `Environment.Variables`, and the `AWS_LAMBDA_LOG_LEVEL` and
 * `AWS_LAMBDA_LOG_FORMAT` Lambda derives from its `LoggingConfig`), against a Lambda Runtime API emulated on
 * 127.0.0.1, and must log what the service means to log: a few INFO lines per request, never the dependencies'
 * DEBUG or TRACE records (with TRACE, three requests once gave 385 lines, mostly `aws_smithy_*` with object keys).
 *
 * Nothing leaves the machine: AWS endpoints point at a fake S3 on 127.0.0.1 (it answers ListObjectsV2 with an
 * empty page, so the Files API's request goes through the AWS SDK as in prod) and the credentials are dummies.
 *
 * The binary is `LAMBDA_ARTIFACT` (an executable, a directory holding `bootstrap`, or a zip holding it) when it runs
 * on this machine; an artifact for another architecture (CI's arm64 zip on an x86_64 runner) skips the test.
 */

const MAX_LINES_PER_REQUEST = 4;
const QUIET_TARGETS = /^(aws_smithy|aws_sdk|aws_config|hyper|h2|rustls|reqwest|tower|lambda_runtime_api_client)/;
const PATIENCE_MS = 30_000;

interface Invocation {
  readonly id: string;
  readonly event: object;
}

interface Answer {
  readonly id: string;
  readonly kind: 'response' | 'error';
  readonly body: string;
}

/**
 * A REST API (v1) proxy event as API Gateway sends it for `GET <stage>/<path>`; with `claims`, as a Cognito
 * user-pools authorizer lets it through (`requestContext.authorizer.claims`, every value a string).
 */
function restEvent(stage: string, pathAndQuery: string, requestId: string, claims?: Record<string, string>): object {
  const [p, query] = pathAndQuery.split('?');
  const params = query ? Object.fromEntries(new URLSearchParams(query)) : null;
  const headers = {
    Accept: 'application/json',
    Host: 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com',
    'User-Agent': 'curl/8.5.0',
    'X-Amzn-Trace-Id': 'Root=1-65a1b2c3-0123456789abcdef01234567',
    'X-Forwarded-For': '203.0.113.10',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
  };
  return {
    resource: '/{proxy+}',
    path: p,
    httpMethod: 'GET',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: params,
    multiValueQueryStringParameters: params && Object.fromEntries(Object.entries(params).map(([k, v]) => [k, [v]])),
    pathParameters: { proxy: p.replace(/^\//, '') },
    stageVariables: null,
    requestContext: {
      resourceId: 'abc123',
      resourcePath: '/{proxy+}',
      httpMethod: 'GET',
      requestTime: '27/Nov/2026:05:06:21 +0000',
      path: `/${stage}${p}`,
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage,
      domainPrefix: 'a1b2c3d4e5',
      requestTimeEpoch: 1795669581000,
      requestId,
      identity: { sourceIp: '203.0.113.10', userAgent: 'curl/8.5.0' },
      ...(claims ? { authorizer: { claims } } : {}),
      domainName: 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com',
      apiId: 'a1b2c3d4e5',
    },
    body: null,
    isBase64Encoded: false,
  };
}

/** ELF machine of this process's architecture (x86_64: 0x3e, aarch64: 0xb7). */
const HOST_MACHINE: Record<string, number> = { x64: 0x3e, arm64: 0xb7 };

/** Where a zipped artifact was unpacked (removed after the tests). */
let unpacked: string | undefined;

/** The executable to run, or why there is none that runs here. */
function runnableBinary(artifact: string | undefined): { binary?: string; skip?: string } {
  if (!artifact) return { skip: 'LAMBDA_ARTIFACT is not set' };
  let file = path.resolve(artifact);
  if (fs.statSync(file).isDirectory()) file = path.join(file, 'bootstrap');
  if (file.endsWith('.zip')) {
    const dir = (unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'prod-logging-')));
    execFileSync('python3', ['-m', 'zipfile', '-e', file, dir]);
    file = path.join(dir, 'bootstrap');
    fs.chmodSync(file, 0o755);
  }
  const head = Buffer.alloc(20);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, head, 0, 20, 0);
  fs.closeSync(fd);
  if (head.toString('latin1', 0, 4) !== '\x7fELF' || process.platform !== 'linux') return { skip: `${file} does not run here (not a Linux ELF host)` };
  if (head.readUInt16LE(18) !== HOST_MACHINE[process.arch]) return { skip: `${file} is built for another architecture than this ${process.arch} machine` };
  return { binary: file };
}

/** Lambda's Runtime API (2018-06-01) on 127.0.0.1: hands out the invocations in order, collects the answers. */
class RuntimeApi {
  readonly answers: Answer[] = [];
  private readonly server: http.Server;
  private readonly pending: http.ServerResponse[] = [];
  private waiters: (() => void)[] = [];
  private nextCalls = 0;

  constructor(private readonly invocations: readonly Invocation[], private readonly functionArn: string, private readonly timeoutMs: number) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once every invocation is answered and the function asked for the next one (its output is flushed). */
  done(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.nextCalls > this.invocations.length ? resolve() : this.waiters.push(check));
      check();
    });
  }

  close(): void {
    for (const res of this.pending) res.destroy();
    this.server.closeAllConnections();
    this.server.close();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      const answered = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
      if (req.method === 'GET' && url === '/2018-06-01/runtime/invocation/next') {
        const invocation = this.invocations[this.nextCalls++];
        this.notify();
        if (!invocation) {
          this.pending.push(res); // no more events: hold the long poll, as Lambda does
          return;
        }
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Lambda-Runtime-Aws-Request-Id': invocation.id,
          'Lambda-Runtime-Deadline-Ms': String(Date.now() + this.timeoutMs),
          'Lambda-Runtime-Invoked-Function-Arn': this.functionArn,
          'Lambda-Runtime-Trace-Id': 'Root=1-65a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1',
        });
        res.end(JSON.stringify(invocation.event));
      } else if (req.method === 'POST' && answered) {
        this.answers.push({ id: answered[1], kind: answered[2] as Answer['kind'], body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202, { 'Content-Type': 'application/json' });
        res.end('{"status":"OK"}');
        this.notify();
      } else if (req.method === 'POST' && url === '/2018-06-01/runtime/init/error') {
        this.answers.push({ id: 'init', kind: 'error', body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202);
        res.end();
        this.notify();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  }
}

/** S3 on 127.0.0.1, just enough for a list: every ListObjectsV2 gets an empty page; anything else 501. */
class FakeS3 {
  readonly requests: string[] = [];
  private readonly server = http.createServer((req, res) => {
    this.requests.push(`${req.method} ${req.url}`);
    req.resume();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
      const bucket = url.pathname.split('/')[1] ?? '';
      res.writeHead(200, { 'Content-Type': 'application/xml', 'x-amz-request-id': 'FAKE' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
          `<Name>${bucket}</Name><Prefix>${url.searchParams.get('prefix') ?? ''}</Prefix><KeyCount>0</KeyCount>` +
          `<MaxKeys>${url.searchParams.get('max-keys') ?? '1000'}</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>`,
      );
    } else {
      res.writeHead(501);
      res.end();
    }
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

/**
 * A CloudFormation value as a string: intrinsics (the bucket's imported name) become a stand-in; the user pool's
 * issuer and client (imported from the data stack) a pool id of this test, and its JWKS URL the fake S3 on this
 * machine, so nothing leaves it.
 */
function plain(key: string, value: unknown, local: { region: string; endpoint: string }): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (key === AUTH_ENV.issuer) return standInIssuer(local.region);
  if (key === AUTH_ENV.audience) return STAND_IN_CLIENT_ID;
  if (key === AUTH_ENV.jwksUrl) return `${local.endpoint}/.well-known/jwks.json`;
  return `stand-in-${key.toLowerCase().replace(/_/g, '-')}`;
}

const STAND_IN_CLIENT_ID = 'prodloggingclient0000000000';
const standInIssuer = (region: string) => `https://cognito-idp.${region}.amazonaws.com/${region}_ProdLog01`;

/** The claims of a machine client's access token (client credentials: no `aud`, `client_id` instead), all scopes. */
function machineClaims(config: ServiceConfig, region: string): Record<string, string> | undefined {
  if (!usesCognito(config) || !config.auth) return undefined;
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: STAND_IN_CLIENT_ID, client_id: STAND_IN_CLIENT_ID, iss: standInIssuer(region), token_use: 'access', version: '2',
    scope: Object.keys(config.auth.scopes).map((scope) => `${config.service}/${scope}`).join(' '),
    auth_time: String(now), iat: String(now), exp: String(now + 3600), jti: '0b6bd5e0-0c3c-4c7a-9d6b-prodlogging01',
  };
}

const s = synthEnvironment('prod');
const names = new ServiceNaming(s.config.service, 'prod');
const fn = Object.values(s.appTemplate.findResources('AWS::Lambda::Function')).find((r) => r.Properties.FunctionName === names.functionName);
// A Lambda contract: a service on Fargate has no function (its container's environment is the library's to test).
const { binary, skip } = s.config.compute === 'lambda' ? runnableBinary(process.env.LAMBDA_ARTIFACT) : { binary: undefined, skip: 'compute is fargate' };
const maybe = binary ? test : test.skip;
const lambdaOnly = s.config.compute === 'lambda' ? test : test.skip;
if (skip) console.warn(`ProdLogging: skipped, ${skip}`);
afterAll(() => unpacked && fs.rmSync(unpacked, { recursive: true, force: true }));

describe('the prod function, run with the environment the prod stack gives it', () => {
  lambdaOnly('the stack has the function, with JSON logs at the level logLevel asks for (never TRACE for "info")', () => {
    expect(fn).toBeDefined();
    expect(fn!.Properties.LoggingConfig).toEqual(expect.objectContaining({
      LogFormat: 'JSON',
      ApplicationLogLevel: applicationLogLevelFor(s.config.logLevel),
    }));
  });

  maybe(`logs at most ${MAX_LINES_PER_REQUEST} lines per request, none at DEBUG or TRACE, none of the AWS SDK's or hyper's`, async () => {
    const props = fn!.Properties;
    const logging = props.LoggingConfig as Record<string, string>;
    const variables = Object.entries((props.Environment?.Variables ?? {}) as Record<string, unknown>);
    const region = s.config.region;
    const functionArn = `arn:aws:lambda:${region}:123456789012:function:${names.functionName}`;
    const stage = 'prod';
    const invocations: Invocation[] = [
      { id: 'contract-1', event: restEvent(stage, '/health', 'req-1') },
      { id: 'contract-2', event: restEvent(stage, s.config.filesApi ? '/v1/files?limit=10' : '/openapi.json', 'req-2', machineClaims(s.config, region)) },
      { id: 'contract-3', event: restEvent(stage, '/health', 'req-3') },
    ];
    const runtime = new RuntimeApi(invocations, functionArn, props.Timeout * 1000);
    const s3 = new FakeS3();
    const [runtimeAddress, s3Endpoint] = await Promise.all([runtime.listen(), s3.listen()]);

    // What Lambda puts into a provided.al2023 function's process (the stack's variables, the reserved ones, and
    // the log level and format from LoggingConfig; JSON format is what makes Lambda set AWS_LAMBDA_LOG_LEVEL).
    const env: Record<string, string> = {
      ...Object.fromEntries(variables.map(([k, v]) => [k, plain(k, v, { region, endpoint: s3Endpoint })])),
      AWS_LAMBDA_LOG_FORMAT: logging.LogFormat,
      ...(logging.LogFormat === 'JSON' ? { AWS_LAMBDA_LOG_LEVEL: logging.ApplicationLogLevel ?? 'INFO' } : {}),
      AWS_LAMBDA_RUNTIME_API: runtimeAddress,
      AWS_LAMBDA_FUNCTION_NAME: names.functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(props.MemorySize),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: names.functionLogGroupName,
      AWS_LAMBDA_LOG_STREAM_NAME: '2026/11/29/[$LATEST]0123456789abcdef0123456789abcdef',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: 'contract-test-session-token',
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
      _AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1',
      _AWS_XRAY_DAEMON_PORT: '2000',
      _HANDLER: 'bootstrap',
      LAMBDA_TASK_ROOT: path.dirname(binary!),
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      PATH: '/usr/local/bin:/usr/bin:/bin',
      // Test only: every AWS call goes to the fake S3 on this machine.
      AWS_ENDPOINT_URL: s3Endpoint,
    };

    const child: ChildProcess = spawn(binary!, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let timer: NodeJS.Timeout | undefined;
    try {
      const finished = await Promise.race([
        runtime.done().then(() => true),
        exited.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PATIENCE_MS))),
      ]);
      // Flushed before the next event is asked for; a moment for the pipe to deliver it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect({ finished, answers: runtime.answers.length }).toEqual({ finished: true, answers: invocations.length });
    } finally {
      clearTimeout(timer);
      child.kill('SIGTERM');
      await exited;
      runtime.close();
      s3.close();
    }

    const lines = output.split('\n').filter((l) => l.trim() !== '');
    const summary = `${lines.length} lines (${output.length} bytes) for ${invocations.length} requests, the first: ${lines.slice(0, 8).join('\n')}`;
    for (const answer of runtime.answers) {
      expect({ id: answer.id, kind: answer.kind, status: answer.kind === 'response' ? JSON.parse(answer.body).statusCode : answer.body })
        .toEqual({ id: answer.id, kind: 'response', status: 200 });
    }
    if (s.config.filesApi) expect(s3.requests.some((r) => r.includes('list-type=2'))).toBe(true);

    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return { unparsed: line };
      }
    });
    const offenders = parsed.filter((l) =>
      'unparsed' in l ||
      ['TRACE', 'DEBUG'].includes(String(l.level).toUpperCase()) ||
      QUIET_TARGETS.test(String(l.target ?? '')));
    const tooMany = lines.length > MAX_LINES_PER_REQUEST * invocations.length;
    expect({ lines: tooMany ? summary : 'few enough', offenders: offenders.length, first: offenders.slice(0, 3) })
      .toEqual({ lines: 'few enough', offenders: 0, first: [] });
    // Each request's access-log line is there: quiet, not silent.
    expect(parsed.filter((l) => l.message === 'request finished')).toHaveLength(invocations.length);
  });
});
