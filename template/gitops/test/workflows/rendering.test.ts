import * as fs from 'fs';
import { WORKFLOWS_DIR, WORKFLOW_NAMES, loadWorkflow, workflowText } from '../support/workflows';

// The workflows are copied into a generated service verbatim (cargo-generate.toml `exclude`); if they were ever
// rendered by Liquid, `${{ … }}` expressions would be eaten. These tests read the generated service's files.
describe('generated workflow files', () => {
  test('are exactly the four workflows', () => {
    expect(fs.readdirSync(WORKFLOWS_DIR).sort()).toEqual(WORKFLOW_NAMES.map((n) => `${n}.yml`).sort());
  });

  test.each(WORKFLOW_NAMES)('%s.yml parses as YAML and holds no template syntax', (name) => {
    expect(() => loadWorkflow(name)).not.toThrow();
    const text = workflowText(name);
    // Liquid tags: `{` or `}` next to `%` (written as a character class so this file holds none itself).
    expect(text).not.toMatch(/[{]%|%[}]/);
    for (const [index, line] of text.split('\n').entries()) {
      // Every double opening brace must start a GitHub expression, `${{ … }}`, closed on the same line.
      const opened = [...line.matchAll(/\{\{/g)].map((m) => m.index!);
      for (const at of opened) {
        expect({ line: index + 1, text: line, ok: line[at - 1] === '$' && /^\{\{ [^{}]+ \}\}/.test(line.slice(at)) })
          .toEqual({ line: index + 1, text: line, ok: true });
      }
    }
  });

  // A sample of the expressions each file needs; Liquid would have replaced them by empty strings.
  const EXPECTED: Record<(typeof WORKFLOW_NAMES)[number], string[]> = {
    ci: ['${{ github.workflow }}', '${{ github.ref }}', "${{ github.event_name == 'pull_request' }}", '${{ github.workspace }}'],
    deploy: ['${{ vars.AWS_DEPLOY_ROLE_ARN }}', '${{ env.AWS_REGION }}', '${{ steps.outputs.outputs.api_url }}', '${{ github.repository }}'],
    preview: ['${{ github.event.pull_request.number }}', '${{ vars.AWS_PREVIEW_ROLE_ARN }}', '${{ github.token }}',
      '${{ steps.smoke.outcome }}', '${{ github.event.pull_request.head.sha }}', '${{ vars.PREVIEW_CDK_QUALIFIER }}'],
    janitor: ['${{ vars.AWS_PREVIEW_ROLE_ARN }}', '${{ github.token }}', "${{ inputs.dry_run && '--dry-run' || '' }}"],
  };

  test.each(WORKFLOW_NAMES)('%s.yml keeps its GitHub expressions', (name) => {
    const text = workflowText(name);
    for (const expression of EXPECTED[name]) expect(text).toContain(expression);
  });
});
