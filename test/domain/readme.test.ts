import { readFileSync } from 'node:fs';
import { README, withLiabilityTable } from '../../scripts/docs';

describe('the README section "How a case is decided"', () => {
  test('shows the liability table exactly as the domain module decides (run `npm run docs` after changing a rule)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toBe(withLiabilityTable(readme));
  });
});
