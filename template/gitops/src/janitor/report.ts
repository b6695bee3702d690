import { JanitorResult } from './janitor';

/** The run as a Markdown table (the workflow's job summary, and stdout). */
export function renderReport(result: JanitorResult, service: string): string {
  const lines = [`## Preview janitor: ${service}`, ''];
  if (result.rows.length === 0) {
    lines.push(`No stacks tagged service=${service}.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push('| stack | PR | outcome | reason |', '| --- | --- | --- | --- |');
  for (const row of result.rows) {
    lines.push(`| \`${row.stack}\` | ${row.pr === undefined ? '-' : `#${row.pr}`} | ${row.outcome} | ${escapeCell(row.reason)} |`);
  }
  const count = (outcome: string) => result.rows.filter((r) => r.outcome === outcome).length;
  lines.push('', `${count('deleted')} deleted, ${count('would delete')} would be deleted, ${count('kept')} kept, ${count('failed')} failed, ${count('skipped')} skipped.`);
  return `${lines.join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
