import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactValue } from './redact';

describe('redactText', () => {
  const cases: [string, string][] = [
    ['type: S3\nconfig:\n  bucket: thanos\n  access_key: AKIAIOSFODNN7EXAMPLE\n  secret_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n', 'secret_key: «redacted»'],
    ['"secret_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",', '"secret_key": "«redacted»"'],
    ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS_SECRET_ACCESS_KEY=«redacted»'],
    ['etcd-s3-secret-key: "abc/def+ghi"', 'etcd-s3-secret-key: "«redacted»"'],
    ['rke2 server --etcd-s3-secret-key=abcdef --etcd-s3-bucket=b', '--etcd-s3-secret-key=«redacted» --etcd-s3-bucket=b'],
    ['Authorization: Bearer abc.def.ghi', 'Authorization: Bearer «redacted»'],
    ['DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyYmF6==;EndpointSuffix=core.windows.net', 'AccountKey=«redacted»;EndpointSuffix'],
    ['storage_account_key: Zm9vYmFy', 'storage_account_key: «redacted»'],
    ['client_secret: "s3cr3t"', 'client_secret: "«redacted»"'],
    ['token: eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJlc2lnbmF0dXJl', 'token: «redacted»'],
  ];
  it.each(cases)('redacts %j', (input, expected) => {
    const out = redactText(input);
    expect(out).toContain(expected);
    expect(out).not.toMatch(/wJalrXUtnFEMI|AKIAIOSFODNN7EXAMPLE|Zm9vYmFy|s3cr3t|abcdef|abc\.def\.ghi|eyJhbGci/);
  });

  it('leaves ordinary text alone', () => {
    const text = 'AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token\nautomountServiceAccountToken: false\nbucket: thanos';
    expect(redactText(text)).toBe(text);
  });
});

describe('redactValue', () => {
  it('redacts Secret data by structure, whatever it looks like', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'objstore' }, data: { 'objstore.yml': 'dHlwZTogUzMK' } };
    expect(redactValue(secret).data).toEqual({ 'objstore.yml': REDACTED });
    expect(redactValue({ items: [secret] }).items[0]!.data['objstore.yml']).toBe(REDACTED);
  });
  it('redacts credential-named fields and strings inside objects', () => {
    expect(redactValue({ env: [{ name: 'X', value: 'secret_key: hunter2' }], password: 'p' })).toEqual({ env: [{ name: 'X', value: `secret_key: ${REDACTED}` }], password: REDACTED });
  });
});

describe('env entries with literal credentials', () => {
  const pod = { spec: { containers: [{ env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMIK7MDENGbPxRfiCY' }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' }, { name: 'BUCKET', value: 'thanos' }] }] } };

  it('are redacted in objects, pretty JSON and YAML; paths to credentials are kept', () => {
    for (const text of [JSON.stringify(redactValue(pod)), redactText(JSON.stringify(pod, null, 2)), redactText('env:\n  - name: AWS_SECRET_ACCESS_KEY\n    value: wJalrXUtnFEMIK7MDENGbPxRfiCY\n  - name: BUCKET\n    value: thanos\n')]) {
      expect(text).not.toContain('wJalrXUtnFEMIK7MDENGbPxRfiCY');
      expect(text).toContain('thanos');
    }
    expect(redactText(JSON.stringify(pod))).toContain('/var/run/secrets/eks.amazonaws.com/serviceaccount/token');
  });
});
