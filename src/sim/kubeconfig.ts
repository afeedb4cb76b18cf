// The kubeconfig that points a client at the simulated cluster.
import { stringify } from 'yaml';

export interface KubeconfigInput {
  server: string;
  caCert: string;
  token: string;
  context: string;
  namespace: string;
  user: string;
}

export function renderKubeconfig(k: KubeconfigInput): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: k.context,
        cluster: { server: k.server, 'certificate-authority-data': Buffer.from(k.caCert).toString('base64') },
      },
    ],
    users: [{ name: k.user, user: { token: k.token } }],
    contexts: [{ name: k.context, context: { cluster: k.context, user: k.user, namespace: k.namespace } }],
    'current-context': k.context,
  });
}
