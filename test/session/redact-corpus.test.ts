// Real-looking credentials as they appear in what a walk reads (objstore configs, env dumps,
// kubeconfigs, RKE2 configs, curl traces, Azure connection strings): none survives redaction,
// in text, in JSON-escaped text, in a journal line, or in a postmortem.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/session/journal';
import { renderPostmortem } from '../../src/session/postmortem';
import { redactText, redactValue } from '../../src/session/redact';
import type { WalkEvent } from '../../src/session/events';

interface Sample {
  name: string;
  text: string;
  secrets: string[];
  /** What must still be readable after redaction. */
  keep: string[];
}

const AWS_ID = 'AKIAZ7Q3VXW2LMNOPQR4';
const AWS_SECRET = 'q8Fv2Lr+Tn0wYx5Kc3Jd/9HbZs7MaPe1Rg4UiOo6';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD3x7yqZ';
const AZURE_KEY = 'k7Yb3pQ9sV2wX8zA1cD4eF6gH0jK5lM3nP7qR9sT2uV4wX6yZ8aB1cD3eF5gH7jK9lM1nP3qR5sT7uV9wX==';
const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6Ik1xV2ZaRmVUIn0.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0.Qm9ndXNTaWduYXR1cmVGb3JUZXN0c09ubHkxMjM0NTY';
const CLIENT_SECRET = 'Xq8~Rk2.Vn5_Tb9-Lm3Hs7Wd1Zf4Gj6Pc0Ya';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAvXj3qZ4Fv2LrTn0wYx5Kc3JdHbZs7MaPe1Rg4UiOo6\n-----END RSA PRIVATE KEY-----';
const CLIENT_KEY_DATA = 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVBdlhqM3FaNEZ2Mkxy';
const BASIC = 'dGhhbm9zOmh1bnRlcjJodW50ZXIy';

const corpus: Sample[] = [
  {
    name: 'Thanos S3 objstore config (thanos.yaml)',
    text: `type: S3\nconfig:\n  bucket: thanos-metrics\n  endpoint: s3.eu-west-1.amazonaws.com\n  region: eu-west-1\n  access_key: ${AWS_ID}\n  secret_key: ${AWS_SECRET}\n  session_token: "${SESSION_TOKEN}"\n  insecure: false\n`,
    secrets: [AWS_ID, AWS_SECRET, SESSION_TOKEN],
    keep: ['bucket: thanos-metrics', 'endpoint: s3.eu-west-1.amazonaws.com'],
  },
  {
    name: 'MinIO objstore config, values quoted with single quotes',
    text: `type: s3\nconfig:\n  bucket: 'thanos'\n  endpoint: 'minio.minio.svc:9000'\n  access_key: 'minio-thanos'\n  secret_key: 'Sup3rS3cretMinioPass!'\n  insecure: true\n`,
    secrets: ['minio-thanos', 'Sup3rS3cretMinioPass!'],
    keep: ["endpoint: 'minio.minio.svc:9000'"],
  },
  {
    name: 'Azure objstore config',
    text: `type: AZURE\nconfig:\n  storage_account: thanosmetrics\n  storage_account_key: "${AZURE_KEY}"\n  container: thanos\n  user_assigned_id: ""\n`,
    secrets: [AZURE_KEY],
    keep: ['storage_account: thanosmetrics', 'container: thanos'],
  },
  {
    name: 'Azure objstore config with a service principal',
    text: `type: AZURE\nconfig:\n  storage_account: thanosmetrics\n  container: thanos\n  client_id: 3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c\n  client_secret: ${CLIENT_SECRET}\n  tenant_id: 0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\n`,
    secrets: [CLIENT_SECRET],
    keep: ['client_id: 3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c'],
  },
  {
    name: 'Azure storage connection string',
    text: `AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=thanosmetrics;AccountKey=${AZURE_KEY};EndpointSuffix=core.windows.net`,
    secrets: [AZURE_KEY],
    keep: ['AccountName=thanosmetrics'],
  },
  {
    name: 'Azure SAS URL in a log line',
    text: `level=error msg="upload failed" url="https://thanosmetrics.blob.core.windows.net/thanos/01HCVDP0JJ2SJVSY1GKY7EK54K/meta.json?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2026-12-01T00:00:00Z&sig=Zm9vYmFyJTJCYmF6JTJGcXV4JTNE"`,
    secrets: ['Zm9vYmFyJTJCYmF6JTJGcXV4JTNE'],
    keep: ['thanosmetrics.blob.core.windows.net', 'upload failed'],
  },
  {
    name: 'GCS service account key in an objstore config',
    text: `type: GCS\nconfig:\n  bucket: thanos\n  service_account: |-\n    {"type": "service_account", "project_id": "obs", "private_key_id": "8f3c2a1b9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a", "private_key": "${PEM.replace(/\n/g, '\\n')}", "client_email": "thanos@obs.iam.gserviceaccount.com"}\n`,
    secrets: ['MIIEowIBAAKCAQEAvXj3qZ4Fv2LrTn0wYx5Kc3JdHbZs7MaPe1Rg4UiOo6', '8f3c2a1b9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a'],
    keep: ['thanos@obs.iam.gserviceaccount.com'],
  },
  {
    name: 'container environment (kubectl exec -- env)',
    text: `PATH=/usr/local/sbin:/usr/local/bin\nAWS_ACCESS_KEY_ID=${AWS_ID}\nAWS_SECRET_ACCESS_KEY=${AWS_SECRET}\nAWS_SESSION_TOKEN=${SESSION_TOKEN}\nAWS_REGION=eu-west-1\n`,
    secrets: [AWS_ID, AWS_SECRET, SESSION_TOKEN],
    keep: ['AWS_REGION=eu-west-1', 'PATH=/usr/local/sbin'],
  },
  {
    name: 'RKE2 config.yaml with etcd S3 snapshots',
    text: `etcd-snapshot-schedule-cron: "0 */6 * * *"\netcd-s3: true\netcd-s3-bucket: rke2-snapshots\netcd-s3-access-key: ${AWS_ID}\netcd-s3-secret-key: "${AWS_SECRET}"\netcd-s3-region: us-east-1\n`,
    secrets: [AWS_ID, AWS_SECRET],
    keep: ['etcd-s3-bucket: rke2-snapshots'],
  },
  {
    name: 'rke2 command line in ps output',
    text: `root  812  /usr/local/bin/rke2 server --etcd-s3 --etcd-s3-bucket=rke2-snapshots --etcd-s3-access-key ${AWS_ID} --etcd-s3-secret-key=${AWS_SECRET}`,
    secrets: [AWS_ID, AWS_SECRET],
    keep: ['--etcd-s3-bucket=rke2-snapshots'],
  },
  {
    name: 'kubeconfig (kubectl config view --raw)',
    text: `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: prod\nusers:\n- name: admin\n  user:\n    client-certificate-data: ${CLIENT_KEY_DATA}\n    client-key-data: ${CLIENT_KEY_DATA}\n- name: sa\n  user:\n    token: ${JWT}\n- name: basic\n  user:\n    username: admin\n    password: hunter2hunter2\n- name: oidc\n  user:\n    auth-provider:\n      config:\n        client-secret: ${CLIENT_SECRET}\n        id-token: ${JWT}\n        refresh-token: 1//0gXk3Lq9RtYvWz-Fake-Refresh\n`,
    secrets: [CLIENT_KEY_DATA, JWT, 'hunter2hunter2', CLIENT_SECRET, '1//0gXk3Lq9RtYvWz-Fake-Refresh'],
    keep: ['server: https://10.0.0.1:6443', 'username: admin'],
  },
  {
    name: 'kubeconfig as JSON (kubectl config view --raw -o json)',
    text: JSON.stringify({ kind: 'Config', users: [{ name: 'sa', user: { token: JWT, 'client-key-data': CLIENT_KEY_DATA } }] }, null, 2),
    secrets: [JWT, CLIENT_KEY_DATA],
    keep: ['"name": "sa"'],
  },
  {
    name: 'curl -v trace with headers',
    text: `> GET /thanos?list-type=2 HTTP/1.1\n> Host: minio:9000\n> Authorization: AWS4-HMAC-SHA256 Credential=${AWS_ID}/20261123/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7\n> authorization: Bearer ${JWT}\n< HTTP/1.1 403 Forbidden`,
    secrets: [AWS_ID, '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7', JWT],
    keep: ['Host: minio:9000', '403 Forbidden'],
  },
  {
    name: 'Basic and Bearer Authorization headers in JSON',
    text: `{"headers":{"Authorization":"Basic ${BASIC}","X-Other":"ok"},"probe":{"authorization": "Bearer abcdef0123456789abcdef"}}`,
    secrets: [BASIC, 'abcdef0123456789abcdef'],
    keep: ['"X-Other":"ok"'],
  },
  {
    name: 'presigned S3 URL',
    text: `https://thanos.s3.amazonaws.com/meta.json?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${AWS_ID}%2F20261123%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=${encodeURIComponent(SESSION_TOKEN)}&X-Amz-Signature=9f2c1b0a`,
    secrets: [AWS_ID, '9f2c1b0a', SESSION_TOKEN.slice(0, 30)],
    keep: ['X-Amz-Algorithm=AWS4-HMAC-SHA256'],
  },
  {
    name: 'objstore config inside a pod spec (JSON-escaped string)',
    text: JSON.stringify({ env: [{ name: 'OBJSTORE_CONFIG', value: `type: S3\nconfig:\n  bucket: thanos\n  access_key: ${AWS_ID}\n  secret_key: ${AWS_SECRET}\n` }] }),
    secrets: [AWS_ID, AWS_SECRET],
    keep: ['OBJSTORE_CONFIG'],
  },
];

describe('redaction corpus', () => {
  it.each(corpus.map((s) => [s.name, s] as const))('%s', (_name, sample) => {
    const out = redactText(sample.text);
    for (const secret of sample.secrets) expect(out, `leaked ${secret}`).not.toContain(secret);
    for (const kept of sample.keep) expect(out).toContain(kept);
    expect(out).toContain('«redacted»');
  });

  it('redacts Secret objects by structure (kubectl get secret -o json), whatever the encoding', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'thanos-objstore', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"stringData":{"thanos.yaml":"secret_key: ${AWS_SECRET}"}}` } }, data: { 'thanos.yaml': Buffer.from(`secret_key: ${AWS_SECRET}`).toString('base64') } };
    const text = JSON.stringify(redactValue(secret));
    expect(text).not.toContain(AWS_SECRET);
    expect(text).not.toContain(secret.data['thanos.yaml']);
    expect(text).toContain('thanos-objstore');
  });

  it('nothing of the corpus reaches a journal line or the postmortem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-redact-'));
    const path = join(dir, 'walk.jsonl');
    const journal = new Journal(path);
    const at = '2026-11-23T10:00:00.000Z';
    const events: WalkEvent[] = [
      { type: 'walk-started', at, runbook: 'r', version: 1, params: { pod: 'p' }, context: 'prod', title: 'Corpus' },
      { type: 'step-entered', at, step: 'dump', title: 'Dump everything' },
      ...corpus.map((s, i): WalkEvent => ({ type: 'check-finished', at, name: `c${i}`, result: { status: 'ran', command: 'kubectl exec x -- env', startedAt: at, durationMs: 3, exitCode: 0, stdout: s.text, stderr: '' } })),
      { type: 'note', at, step: 'dump', text: `rotated key ${AWS_ID}, new secret_key: ${AWS_SECRET}` },
    ];
    for (const e of events) journal.record(e);
    journal.close();
    const written = readFileSync(path, 'utf8');
    const report = renderPostmortem(events, { sessionId: 's', generatedAt: at });
    for (const sample of corpus) {
      for (const secret of sample.secrets) {
        expect(written, `journal leaked ${secret}`).not.toContain(secret);
        expect(report, `report leaked ${secret}`).not.toContain(secret);
      }
    }
  });
});
