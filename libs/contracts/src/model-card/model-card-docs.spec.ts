import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMOGRAPHIC_VARIABLES, MODEL_CARD_ATTRIBUTES } from '@vigil/domain';

function escape(text: string): string {
  return text.replace(/[()]/g, '\\$&');
}

// The guide is written by hand; this keeps it from drifting away from the catalogue the code uses.
describe('docs/model-card.md', () => {
  const guide = readFileSync(join(__dirname, '../../../../docs/model-card.md'), 'utf8');

  it.each(MODEL_CARD_ATTRIBUTES.map((a) => [a.path, a.hti1]))('documents %s at %s', (path, hti1) => {
    expect(guide).toMatch(new RegExp(`\\|\\s*\`${path}\`\\s*\\|\\s*${escape(hti1)}\\s*\\|`));
  });

  it.each(DEMOGRAPHIC_VARIABLES.map((v) => [v.key, v.hti1.replace('(b)(11)(iv)', '')]))(
    'documents the demographic variable %s at %s',
    (key, paragraph) => {
      expect(guide).toMatch(new RegExp(`\`${key}\`\\s+${escape(paragraph)}`));
    },
  );
});
