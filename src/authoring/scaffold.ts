// What `runbook new ID` writes: a small runbook that lints clean and whose two scenarios pass,
// so an author starts from green and changes one thing at a time.
export interface ScaffoldFile {
  /** Path inside the runbook folder. */
  path: string;
  text: string;
}

export const RUNBOOK_ID = /^[a-z0-9][a-z0-9-]*$/;
/** Kubernetes label values and DNS labels stop at 63; a runbook id ends up in both (journals, labels). */
export const RUNBOOK_ID_MAX = 63;

export function idProblem(id: string): string | undefined {
  if (!RUNBOOK_ID.test(id)) return `"${id}" is not a runbook id: use lower-case letters, digits and dashes, starting with a letter or digit`;
  if (id.length > RUNBOOK_ID_MAX) return `"${id}" is too long: at most ${RUNBOOK_ID_MAX} characters`;
  if (id.endsWith('-')) return `"${id}" ends with a dash`;
  return undefined;
}

/**
 * @param schemaDir path of the package's schema/ folder relative to the new runbook folder, for
 * the yaml-language-server modelines (forward slashes).
 */
export function scaffoldFiles(id: string, schemaDir: string): ScaffoldFile[] {
  const runbookSchema = `${schemaDir}/runbook.schema.json`;
  const scenarioSchema = `../${schemaDir}/scenario.schema.json`;
  return [
    { path: 'runbook.yaml', text: runbookYaml(id, runbookSchema) },
    { path: 'scenarios/healthy.yaml', text: healthyYaml(scenarioSchema) },
    { path: 'scenarios/broken.yaml', text: brokenYaml(scenarioSchema) },
  ];
}

function runbookYaml(id: string, schema: string): string {
  return `# yaml-language-server: $schema=${schema}
# A starting point: one check step and two conclusions. Replace the example (a Deployment that is
# not Available) with your incident; \`runbook lint\` and \`runbook test\` keep you honest as you go.
# Guide: docs/authoring.md in the runbook package.
id: ${id}
version: 1
title: Deployment {{deployment}} is not available
summary: >-
  What goes wrong, why, and how this runbook tells it apart from look-alikes. Name your sources.

symptoms:
  # Regexes (case-insensitive) for log lines that point here; each should match a line in some
  # scenario's logs, or lint warns.
  logs:
    - 'dial tcp \\S+: connect: connection refused'
  alerts:
    - KubeDeploymentReplicasMismatch
  notLogs: []

params:
  namespace:
    description: Namespace of the Deployment
    default: default
  deployment:
    description: The Deployment to look at
    default: web

start: available

steps:
  available:
    title: Is deployment {{deployment}} Available?
    why: >-
      The Deployment controller sets the Available condition to True once at least
      spec.replicas - maxUnavailable pods have been ready for minReadySeconds.
    checks:
      deployment:
        title: The Deployment and its status
        get: {apiVersion: apps/v1, kind: Deployment, name: '{{deployment}}'}
        capture:
          ready: {jsonpath: '$.status.readyReplicas'}
          notAvailableReason: {jsonpath: "$.status.conditions[?(@.type=='Available')].reason"}
        manual: kubectl -n {{namespace}} get deployment {{deployment}} -o yaml
    branches:
      - when: {jsonpath: {check: deployment, path: "$.status.conditions[?(@.type=='Available')].status", equals: 'True'}}
        finding: 'deployment {{deployment}} is Available ({{checks.deployment.ready}} ready)'
        mark: ok
        next: healthy
      # Reached too when the Deployment cannot be read: give that case its own branch
      # ({couldNotRun: {check: deployment, reason: [not-found]}}) once it matters.
      - otherwise: not-available
        finding: 'deployment {{deployment}} is not Available ({{checks.deployment.notAvailableReason}})'

  not-available:
    title: Deployment {{deployment}} has no available replicas
    conclusion:
      verdict: problem
      rootCause: >-
        Deployment {{deployment}} is not Available: {{checks.deployment.notAvailableReason}}. Say what the evidence
        shows and why it explains the symptom.
      fix:
        summary: Describe the change that fixes it
        restarts: What applying the fix restarts, in words an operator can weigh
        print: |
          kubectl -n {{namespace}} rollout status deployment/{{deployment}}
        verify: available
      followUps:
        - What to do after the incident so it does not come back

  healthy:
    title: Deployment {{deployment}} is Available
    conclusion:
      verdict: healthy
      rootCause: Deployment {{deployment}} is Available; the symptom comes from somewhere else.
      # seeAlso: [other-runbook-id]   # runbooks worth trying next
`;
}

function healthyYaml(schema: string): string {
  return `# yaml-language-server: $schema=${schema}
# The cluster as it should be. Format: src/sim/README.md in the runbook package.
description: Deployment web has 2 of 2 replicas ready.
expect:
  path: [available, healthy]
  verdict: healthy
cluster:
  namespace: default
objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: default
      labels: {app: web}
    spec:
      replicas: 2
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: registry.example.com/web:1.4.2
    status:
      replicas: 2
      readyReplicas: 2
      availableReplicas: 2
      conditions:
        - {type: Available, status: 'True', reason: MinimumReplicasAvailable}
        - {type: Progressing, status: 'True', reason: NewReplicaSetAvailable}

  - apiVersion: v1
    kind: Pod
    metadata:
      name: web-7d4b9c6f5d-x2x9q
      namespace: default
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
    status:
      phase: Running

logs:
  default/web-7d4b9c6f5d-x2x9q/web: |
    2025-01-12T08:00:01Z listening on :8080
`;
}

function brokenYaml(schema: string): string {
  return `# yaml-language-server: $schema=${schema}
# The incident: the healthy cluster with what broke merged in.
description: Deployment web has no ready replicas; its pod cannot reach the database.
extends: healthy
expect:
  path: [available, not-available]
  verdict: problem
objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: default}
    $merge: true
    status:
      readyReplicas: null
      availableReplicas: null
      unavailableReplicas: 2
      conditions:
        - {type: Available, status: 'False', reason: MinimumReplicasUnavailable}
        - {type: Progressing, status: 'True', reason: ReplicaSetUpdated}
logs:
  default/web-7d4b9c6f5d-x2x9q/web: |
    2025-01-12T08:00:01Z listening on :8080
    2025-01-12T08:00:02Z database: dial tcp 10.96.12.7:5432: connect: connection refused
`;
}
