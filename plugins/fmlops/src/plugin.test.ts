import { fmlopsPlugin } from './plugin';

describe('fmlops', () => {
  it('should export plugin', () => {
    expect(fmlopsPlugin).toBeDefined();
  });
});
