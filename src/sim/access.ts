// Authorization: everything is allowed unless the scenario's `access.deny` matches, answered
// with the same 403 wording the RBAC authorizer produces.
import type { DenyRule } from './scenario';
import { ApiError, failure, qualifiedResource } from './status';

export interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
}

function matches(rule: DenyRule, a: Attributes): boolean {
  let resource = rule.resource;
  let subresource = rule.subresource;
  if (subresource === undefined && resource.includes('/')) [resource, subresource] = resource.split('/', 2) as [string, string];
  const eq = (want: string | undefined, have: string | undefined): boolean => want === undefined || want === '*' || want === (have ?? '');
  return (
    eq(rule.verb, a.verb) &&
    eq(resource, a.resource) &&
    eq(rule.group, a.group) &&
    eq(rule.namespace, a.namespace) &&
    eq(rule.name, a.name) &&
    // A rule without a subresource covers only the resource itself, as in RBAC.
    (subresource === '*' || (subresource ?? '') === (a.subresource ?? ''))
  );
}

export class AccessPolicy {
  constructor(
    readonly user: string,
    private readonly deny: readonly DenyRule[],
  ) {}

  allowed(a: Attributes): boolean {
    return !this.deny.some((r) => matches(r, a));
  }

  /** Throws the real API server's 403 when the request is denied. */
  check(a: Attributes): void {
    if (!this.allowed(a)) throw this.forbidden(a);
  }

  forbidden(a: Attributes): ApiError {
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
    const why = `User "${this.user}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`;
    const qr = qualifiedResource(a.group, a.resource);
    const message = a.name ? `${qr} "${a.name}" is forbidden: ${why}` : `${qr} is forbidden: ${why}`;
    return new ApiError(
      failure(403, 'Forbidden', message, { ...(a.name ? { name: a.name } : {}), ...(a.group ? { group: a.group } : {}), kind: a.resource }),
    );
  }

  /** The `status` of a SelfSubjectAccessReview, as the RBAC authorizer would fill it. */
  review(a: Attributes): { allowed: boolean; reason?: string } {
    if (this.allowed(a)) {
      return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "sim-admin" of ClusterRole "cluster-admin" to User "${this.user}"` };
    }
    return { allowed: false };
  }
}
