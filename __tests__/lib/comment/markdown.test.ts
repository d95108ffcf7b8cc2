import { isValidMarkdown, markdownProblems } from '../../../lib/comment';
import { code, fenced, prose, text } from '../../../lib/comment/markdown';

describe('markdownProblems', () => {
  test('accepts balanced details, fences and comments, whatever the code inside holds', () => {
    const md = [
      '<!-- pinstack:plan -->',
      '<details><summary>prod</summary>',
      '',
      '<details><summary>inner</summary>',
      '',
      '````diff',
      '```',
      '<details>',
      '````',
      '',
      '</details>',
      'inline `<details>` is code',
      '</details>',
    ].join('\n');
    expect(markdownProblems(md)).toEqual([]);
    expect(isValidMarkdown(md)).toBe(true);
  });

  test('fails when a fence is never closed', () => {
    expect(markdownProblems('text\n```diff\n- a: 1\n')).toEqual(['line 2: code fence ``` is never closed']);
    // A shorter fence does not close a longer one.
    expect(markdownProblems('````\n```\n')).toEqual(['line 1: code fence ```` is never closed']);
  });

  test('fails when details or summary tags are out of balance', () => {
    expect(markdownProblems('<details><summary>x</summary>\n\nbody\n')).toEqual(['1 <details> never closed']);
    expect(markdownProblems('</details>\n')).toEqual(['line 1: </details> without an open <details>']);
    expect(markdownProblems('<details><summary>x\n</details>')).toEqual(['1 <summary> never closed']);
    expect(markdownProblems('<summary>x</summary>')).toEqual(['line 1: <summary> outside <details>']);
  });

  test('fails when an HTML comment is never closed', () => {
    expect(markdownProblems('<!-- pinstack:plan\n<details>\n')).toEqual(['line 1: HTML comment <!-- is never closed']);
  });
});

describe('building blocks', () => {
  test('code spans and fences survive backticks', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x`')).toBe('`` `x` ``');
    const block = fenced('diff', ['+ a: "```"']);
    expect(block.startsWith('````diff\n')).toBe(true);
    expect(markdownProblems(`${block}\n<details><summary>s</summary>\n</details>`)).toEqual([]);
  });

  test('text cannot open tags, break tables or mention people', () => {
    expect(text('a <details> | b\n@octocat')).toBe('a &lt;details&gt; \\| b @\u200boctocat');
    expect(markdownProblems(text('</details> <!--'))).toEqual([]);
  });

  test('prose keeps code spans as written and escapes the rest', () => {
    expect(prose('run `terraform state mv <old> <new>` before <details>')).toBe('run `terraform state mv <old> <new>` before &lt;details&gt;');
    expect(prose('a lone ` backtick | pipe')).toBe('a lone \\` backtick \\| pipe');
    expect(markdownProblems(prose('x `</details>` y </details>'))).toEqual([]);
  });
});
