// Secrets never reach a journal, a report or the screen. Text is redacted by pattern; API
// objects additionally by structure (a Secret's data, whatever it looks like).

export const REDACTED = '«redacted»';

/** `name: value` style credentials in YAML, JSON, env files, logfmt, command lines and objstore configs. */
const SECRET_KEYS = [
  'secret_key',
  'access_key',
  'session_token',
  'storage_account_key',
  'client_secret',
  'storage_connection_string',
  'password',
  'token',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_access_key_id',
  'etcd-s3-secret-key',
  'etcd-s3-access-key',
  'etcd-s3-session-token',
  'client-key-data',
  'client-certificate-data',
  'secretaccesskey',
  'accesskeyid',
  'azure_client_secret',
  'private_key',
  'private_key_id',
];

const keyAlternatives = SECRET_KEYS.map((k) => k.replace(/[-_]/g, '[-_]?')).join('|');

/** Environment variables whose value is a credential, by name (AWS_SECRET_ACCESS_KEY, DB_PASSWORD …). */
/** …but not files and paths that hold one (AWS_WEB_IDENTITY_TOKEN_FILE is evidence, not a secret). */
const SECRET_ENV = '(?![A-Z0-9_]*_(?:FILE|PATH|DIR)\\b)[A-Z0-9_]*(?:SECRET|PASSWORD|TOKEN|ACCESS_KEY|PRIVATE_KEY|ACCOUNT_KEY|CONNECTION_STRING)[A-Z0-9_]*';
const SECRET_ENV_NAME = new RegExp(`^${SECRET_ENV}$`, 'i');

const PATTERNS: [RegExp, string | ((...m: string[]) => string)][] = [
  // A pod spec's env entry with a literal value, as JSON ({"name": "X", "value": "…"}) or YAML (- name: X / value: …).
  [new RegExp(`("name"\\s*:\\s*"${SECRET_ENV}"\\s*,\\s*"value"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), (_m, head) => `${head}"${REDACTED}"`],
  [new RegExp(`(\\bname:\\s*["']?${SECRET_ENV}["']?[ \\t]*\\n[ \\t]*value:[ \\t]*)(\\S[^\\n]*)`, 'gi'), (_m, head) => `${head}${REDACTED}`],
  // key: value / key = value / "key": "value" (value up to end of line, quote, comma or space-delimited token)
  [new RegExp(`(["']?\\b(?:${keyAlternatives})["']?\\s*[:=]\\s*)("(?:[^"\\\\\\n]|\\\\.)*"|'[^'\\n]*'|[^\\s,;}"']+)`, 'gi'), (_m, key, value) => `${key}${quoteLike(value!)}`],
  // --etcd-s3-secret-key=VALUE or --token VALUE on command lines
  [new RegExp(`(--(?:${keyAlternatives})[= ])(\\S+)`, 'gi'), (_m, key) => `${key}${REDACTED}`],
  // Authorization headers, any scheme (Bearer, Basic, AWS4-HMAC-SHA256 …), in HTTP traces and JSON alike.
  [/\b(authorization["']?\s*[:=]\s*["']?)([A-Za-z][A-Za-z0-9-]*)\s+[^"'\n]+/gi, (_m, head, scheme) => `${head}${scheme} ${REDACTED}`],
  // AWS Signature Version 4 signatures outside a header (query strings, logged requests).
  [/\b(Signature=)[0-9a-f]{16,}/g, (_m, key) => `${key}${REDACTED}`],
  [/\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, (_m, head) => `${head}${REDACTED}`],
  [/\b(AccountKey|SharedAccessSignature|SharedAccessKey)=([^;"'\s]+)/g, (_m, key) => `${key}=${REDACTED}`],
  [/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b/g, REDACTED],
  // JSON web tokens (service account tokens, OIDC tokens)
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, REDACTED],
  // Signed URL query parameters
  [/([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|sig)=)[^&\s"']+/gi, (_m, key) => `${key}${REDACTED}`],
];

function quoteLike(value: string): string {
  if (value.startsWith('"')) return `"${REDACTED}"`;
  if (value.startsWith("'")) return `'${REDACTED}'`;
  return REDACTED;
}

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) {
    out = out.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
  }
  return out;
}

/** Redacts a JSON-like value: Secret data by structure, every string by pattern. */
export function redactValue<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const isSecret = object.kind === 'Secret';
  const isKubeconfig = object.kind === 'Config' && 'users' in object;
  return Object.fromEntries(
    Object.entries(object).map(([key, v]) => {
      if (isSecret && (key === 'data' || key === 'stringData') && v && typeof v === 'object') {
        return [key, Object.fromEntries(Object.keys(v).map((k) => [k, REDACTED]))];
      }
      if (isKubeconfig && key === 'users') return [key, REDACTED];
      if (typeof v === 'string' && SECRET_KEYS.includes(key.toLowerCase())) return [key, REDACTED];
      if (key === 'value' && typeof v === 'string' && typeof object.name === 'string' && SECRET_ENV_NAME.test(object.name)) return [key, REDACTED];
      // last-applied-configuration repeats the whole object, Secret data included.
      if (key === 'kubectl.kubernetes.io/last-applied-configuration') return [key, REDACTED];
      return [key, walk(v)];
    }),
  );
}
