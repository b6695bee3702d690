import * as http from 'http';
import { AddressInfo } from 'net';

/** A local stand-in for GitHub's REST API: `GET /repos/<repo>/pulls/<n>` from a table of states. */
export interface FakeGithub {
  readonly url: string;
  /** Every request path seen, with its Authorization header. */
  readonly requests: { path: string; authorization?: string }[];
  close(): Promise<void>;
}

export async function startFakeGithub(repository: string, states: Record<number, 'open' | 'closed' | 500>): Promise<FakeGithub> {
  const requests: { path: string; authorization?: string }[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    const match = new RegExp(`^/repos/${repository}/pulls/(\\d+)$`).exec(req.url ?? '');
    const state = match ? states[Number(match[1])] : undefined;
    if (state === 500) {
      res.writeHead(500).end();
    } else if (state === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ number: Number(match![1]), state }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
