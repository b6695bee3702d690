import { PolicyStatement, ResourceChange, Review, StackChanges, StatefulFinding } from '../Review';
import { cell, code, plural, table } from './format';

const ORDER: Record<ResourceChange['change'], number> = { replaced: 0, removed: 1, added: 2, modified: 3 };

/** The "Infra diff" section: counts, the blocking findings first, then the resources per stack, then IAM and network. */
export function renderInfraDiff(review: Review): string {
  const { summary, guard } = review;
  const parts: string[] = [`## Infra diff: ${review.env}`];
  const changed = review.stacks.filter((s) => s.status !== 'unchanged');
  if (!guard.applies) parts.push('_The stateful guard runs for prod only._');
  else if (guard.blocked.length > 0) parts.push(`**Blocked:** ${plural(guard.blocked.length, 'resource')} holding data would be replaced or removed in prod.`);
  else parts.push(guard.allowed.length > 0 ? 'No unapproved data loss: every resource holding data that changes is allowed by an override.' : 'No resource holding data is replaced or removed.');
  if (changed.length === 0 && summary.iamChanges === 0 && summary.securityChanges === 0) {
    parts.push('No infrastructure change.');
  } else {
    parts.push(table(
      ['Stacks changed', 'Replaced', 'Removed', 'Added', 'Modified', 'IAM changes', 'Security changes'],
      ['r', 'r', 'r', 'r', 'r', 'r', 'r'],
      [[summary.stacksChanged, summary.replaced, summary.removed, summary.added, summary.modified, summary.iamChanges, summary.securityChanges].map(String)],
    ));
  }
  if (guard.blocked.length > 0) parts.push(renderBlocked(guard.blocked, guard.overridesFile));
  if (guard.allowed.length > 0) {
    parts.push(['### Allowed by overrides', ...guard.allowed.map((f) => `- ${finding(f)}. Reason: ${f.override!.reason}`)].join('\n'));
  }
  if (guard.unusedOverrides.length > 0) {
    parts.push([
      '### Unused overrides',
      `These entries of \`${guard.overridesFile}\` match nothing this pull request replaces or removes; they can go:`,
      ...guard.unusedOverrides.map((o) => `- \`${o.stack}\` / \`${o.logicalId}\` (${o.reason})`),
    ].join('\n'));
  }
  if (changed.length > 0) parts.push(['### Resources', ...changed.map(renderStack)].join('\n\n'));
  const security = renderSecurity(review);
  if (security) parts.push(security);
  return parts.join('\n\n');
}

function finding(f: StatefulFinding): string {
  const forced = f.replacingProperties.length > 0 ? ` (forced by ${f.replacingProperties.map((p) => `\`${p}\``).join(', ')})` : '';
  return `\`${f.stackName}\` / \`${f.logicalId}\` (\`${f.type}\`, ${f.holdsData}) would be **${f.action}**${forced}`;
}

function renderBlocked(blocked: readonly StatefulFinding[], overridesFile: string): string {
  const example = blocked.map((f) => `  { "stack": ${JSON.stringify(f.stackName)}, "logicalId": ${JSON.stringify(f.logicalId)}, "reason": "<why this data may go>" }`);
  return [
    '### Blocked: data would be lost',
    ...blocked.map((f) => `- ${finding(f)}: ${consequence(f)}`),
    '',
    `To go ahead anyway (after moving or backing up the data), add an entry per resource to \`${overridesFile}\`, with the reason:`,
    '',
    '```json',
    '[',
    example.join(',\n'),
    ']',
    '```',
  ].join('\n');
}

/** What CloudFormation does to the data, by the base's policy for the change. */
function consequence(f: StatefulFinding): string {
  const kept = f.policy === 'Retain' || f.policy === 'RetainExceptOnCreate';
  if (f.action === 'replaced' || f.action === 'may be replaced') {
    if (kept) return 'CloudFormation creates a new, empty one; the old one stays in the account, unmanaged, and nothing uses it any more.';
    if (f.policy === 'Snapshot') return 'CloudFormation creates a new, empty one and deletes the old one after a snapshot.';
    return 'CloudFormation creates a new, empty one and deletes the old one with what it holds.';
  }
  if (kept) return 'CloudFormation leaves it in the account, unmanaged, and nothing uses it any more.';
  if (f.policy === 'Snapshot') return 'CloudFormation deletes it after a snapshot.';
  return 'CloudFormation deletes it with what it holds.';
}

function renderStack(stack: StackChanges): string {
  const counts = (Object.keys(ORDER) as ResourceChange['change'][])
    .map((c) => [c, stack.resources.filter((r) => r.change === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${c}`);
  const status = stack.status === 'added' ? ' (new stack)' : stack.status === 'removed' ? ' (stack removed)' : '';
  const risky = stack.resources.some((r) => r.change === 'replaced' || r.change === 'removed');
  const rows = [...stack.resources]
    .sort((a, b) => ORDER[a.change] - ORDER[b.change] || a.logicalId.localeCompare(b.logicalId))
    .map((r) => [changeLabel(r), code(r.logicalId), code(r.type), details(r)]);
  const entries = stack.templateChanges.map((t) => `${t.section} \`${t.name}\` ${t.change}`);
  return [
    `<details${risky ? ' open' : ''}><summary><b>${stack.stackName}</b>${status}: ${counts.join(', ') || 'no resource changed'}</summary>`,
    '',
    ...(rows.length > 0 ? [table(['Change', 'Logical id', 'Type', 'Details'], ['l', 'l', 'l', 'l'], rows)] : []),
    ...(entries.length > 0 ? ['', `Also: ${entries.join('; ')}.`] : []),
    '',
    '</details>',
  ].join('\n');
}

function changeLabel(r: ResourceChange): string {
  if (r.change === 'replaced') return r.replacement === 'may' ? '**may be replaced**' : '**replaced**';
  if (r.change === 'removed') return r.orphaned ? '**removed** (kept in the account)' : '**removed**';
  return r.change;
}

function details(r: ResourceChange): string {
  if (r.change === 'replaced') {
    const others = r.changedProperties.filter((p) => !r.replacingProperties.includes(p));
    return cell([`forced by ${r.replacingProperties.join(', ') || 'a replaced dependency'}`, ...(others.length > 0 ? [`also ${others.join(', ')}`] : [])].join('; '));
  }
  if (r.change === 'modified') return cell(r.changedProperties.join(', '));
  return '';
}

function renderSecurity(review: Review): string | undefined {
  const { iamStatements, managedPolicies, securityGroupRules, bucketPolicies } = review.security;
  const parts: string[] = [];
  if (iamStatements.length > 0 || managedPolicies.length > 0) {
    parts.push('### IAM changes');
    if (iamStatements.length > 0) {
      parts.push(table(
        ['Stack', 'Change', 'Effect', 'Actions', 'Resources', 'Principals', 'Condition'],
        ['l', 'l', 'l', 'l', 'l', 'l', 'l'],
        iamStatements.map((s) => [code(s.stackName), s.change === 'added' ? '**added**' : 'removed', ...statementCells(s.statement)]),
      ));
    }
    if (managedPolicies.length > 0) {
      parts.push(table(['Stack', 'Change', 'Identity', 'Managed policy'], ['l', 'l', 'l', 'l'],
        managedPolicies.map((m) => [code(m.stackName), m.change === 'added' ? '**attached**' : 'detached', code(m.identity), code(m.managedPolicyArn)])));
    }
  }
  if (securityGroupRules.length > 0) {
    parts.push('### Security group changes', table(['Stack', 'Change', 'Direction', 'Group', 'Protocol', 'Peer'], ['l', 'l', 'l', 'l', 'l', 'l'],
      securityGroupRules.map((r) => [code(r.stackName), r.change === 'added' ? '**added**' : 'removed', r.direction, code(r.group), cell(r.protocol), cell(r.peer)])));
  }
  if (bucketPolicies.length > 0) {
    parts.push('### Bucket policy changes', table(
      ['Stack', 'Policy', 'Change', 'Statement', 'Effect', 'Actions', 'Resources', 'Principals', 'Condition'],
      ['l', 'l', 'l', 'l', 'l', 'l', 'l', 'l', 'l'],
      bucketPolicies.flatMap((p) => {
        const rows = [
          ...p.added.map((s) => ['**added**', ...statementCells(s)]),
          ...p.removed.map((s) => ['removed', ...statementCells(s)]),
        ];
        return (rows.length > 0 ? rows : [['(no statement changed)', '', '', '', '', '']]).map((r) => [code(p.stackName), code(p.logicalId), p.change, ...r]);
      }),
    ));
  }
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

function statementCells(s: PolicyStatement): string[] {
  const list = (values: readonly string[]) => cell(values.join('\n'));
  return [s.effect, list(s.actions), list(s.resources), list(s.principals), s.condition === undefined ? '' : code(JSON.stringify(s.condition))];
}
