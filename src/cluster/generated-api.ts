// client-node's generated API classes, wired to our transport so they share its keep-alive
// pool, credentials, deadline and 429 retries instead of opening a fresh agent per call.

import { AuthorizationV1Api, ResponseContext, ServerConfiguration, createConfiguration, wrapHttpLibrary } from '@kubernetes/client-node';
import type { RequestContext } from '@kubernetes/client-node';
import type { KubeTransport } from './http-transport';

export interface GeneratedApis {
  authorization: AuthorizationV1Api;
}

export function generatedApis(transport: KubeTransport): GeneratedApis {
  const server = new URL(transport.serverUrl);
  const base = server.pathname.replace(/\/+$/, '');
  const httpApi = wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      const url = new URL(request.getUrl());
      const body = request.getBody();
      const response = await transport.send({
        method: request.getHttpMethod(),
        path: url.pathname.slice(base.length) + url.search,
        headers: request.getHeaders(),
        body: typeof body === 'string' ? body : undefined,
      });
      return new ResponseContext(response.status, response.headers, {
        text: async () => response.body,
        binary: async () => Buffer.from(response.body, 'utf8'),
      });
    },
  });
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(server.origin + base, {}),
    httpApi,
    authMethods: {},
  });
  return { authorization: new AuthorizationV1Api(configuration) };
}
