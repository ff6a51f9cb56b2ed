import { expect } from 'chai';
import { html, SafeHtml } from '../../service/views/html.js';

describe('html template: visitor and Dog API text can never become markup', () => {
  it('escapes every interpolated string and number', () => {
    const typed = `<script>alert("x")</script> & 'quote'`;
    expect(html`<p title="${typed}">${typed}</p>`.value).to.equal(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;</p>',
    );
    expect(html`<b>${0}</b><i>${42}</i>`.value).to.equal('<b>0</b><i>42</i>');
    expect(html`${''}|${'a'}`.value).to.equal('|a');
  });

  it('renders nothing for undefined, null and false, so optional parts can be written inline', () => {
    expect(html`[${undefined}|${null}|${false}]`.value).to.equal('[||]');
  });

  it('inserts markup made by the template as it is, and joins arrays of parts', () => {
    const item = (s: string) => html`<li>${s}</li>`;
    const list = html`<ul>${['a<b', 'c'].map(item)}</ul>`;
    expect(list.value).to.equal('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(html`${[['x', html`<br>`], '&', undefined, false]}`.value).to.equal('x<br>&amp;');
    expect(String(list)).to.equal(list.value);
    expect(new SafeHtml('<hr>').toString()).to.equal('<hr>');
  });

  it('keeps the literal parts around the values in order', () => {
    expect(html`a${1}b${2}c`.value).to.equal('a1b2c');
    expect(html`only text`.value).to.equal('only text');
  });
});
