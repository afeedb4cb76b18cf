// A located problem in a file (runbook, scenario, settings): what every loader reports and every
// command prints as file:line:column. Kept apart from the YAML parser so printing one loads none.

export interface Location {
  file: string;
  line: number;
  column: number;
}

export interface Problem extends Location {
  message: string;
  severity: 'error' | 'warning';
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
