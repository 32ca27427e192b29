import { describe, expect, it } from 'vitest';
import { renderMarkdown, sanitize } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders ordinary markdown', () => {
    const html = renderMarkdown(
      '# Charge\n\nThe committee **reviews** [policy](https://example.org).\n\n- one\n- two',
    );
    expect(html).toContain('<h2>Charge</h2>');
    expect(html).toContain('<strong>reviews</strong>');
    expect(html).toContain('<a href="https://example.org" rel="noopener noreferrer nofollow">policy</a>');
    expect(html).toContain('<li>one</li>');
  });

  it('strips <script> elements and their contents', () => {
    const html = renderMarkdown(
      'Hello <script>alert(1)</script> world\n\n<script src="https://evil.example/x.js"></script>',
    );
    expect(html).not.toMatch(/script/i);
    expect(html).not.toContain('alert(1)');
    expect(html).toContain('Hello');
  });

  it('strips on* event-handler attributes', () => {
    const html = renderMarkdown(
      '<img src="https://example.org/a.png" onerror="alert(1)" alt="a"> <a href="https://example.org" onclick="steal()">x</a> <p onmouseover="x()">p</p>',
    );
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).not.toContain('alert');
    expect(html).toContain('src="https://example.org/a.png"');
  });

  it('strips javascript: and data: URLs, in markdown links and raw HTML, however they are spelled', () => {
    const cases = [
      '[click](javascript:alert(1))',
      '<a href="javascript:alert(1)">x</a>',
      '<a href="JaVaScRiPt:alert(1)">x</a>',
      '<a href="  javascript:alert(1)">x</a>',
      '<a href="java&#x09;script:alert(1)">x</a>',
      '<a href="&#106;avascript:alert(1)">x</a>',
      '![x](javascript:alert(1))',
      '<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
      '<a href="vbscript:msgbox(1)">x</a>',
    ];
    for (const source of cases) {
      const html = renderMarkdown(source);
      expect(html, source).not.toMatch(/javascript:|vbscript:|data:/i);
      expect(html, source).not.toContain('alert(1)"');
    }
  });

  it('drops iframes, styles, forms and unknown tags', () => {
    const html = sanitize(
      '<iframe src="https://evil.example"></iframe><style>body{}</style><form action="/x"><input></form><p style="color:red">ok</p>',
    );
    expect(html).toBe('<p>ok</p>');
  });

  it('allows only https images', () => {
    expect(renderMarkdown('![a](http://example.org/a.png)')).not.toContain('src=');
    expect(renderMarkdown('![a](https://example.org/a.png)')).toContain('src="https://example.org/a.png"');
  });
});
