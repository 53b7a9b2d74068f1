import { describe, expect, it } from 'vitest';
import { REDACTED, createSecretScrubber } from '../../src/core/secret-scrubber.js';

const TOKEN = 'sk-live_4f9Qz+2/Lm8=Yw';

describe('the secret scrubber: every form a secret is written in', () => {
  const scrub = createSecretScrubber([TOKEN]);

  it('removes the value as is, JSON-escaped, URL-encoded, and in another case', () => {
    expect(scrub.text(`Authorization: Bearer ${TOKEN}`)).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(scrub.text(`AUTHORIZATION: BEARER ${TOKEN.toUpperCase()}`)).toBe(`AUTHORIZATION: BEARER ${REDACTED}`);
    expect(scrub.text(`GET /hook?token=${encodeURIComponent(TOKEN)}&x=1`)).toBe(`GET /hook?token=${REDACTED}&x=1`);
    expect(scrub.text(JSON.stringify({ header: `x "${TOKEN}"` }))).not.toContain(TOKEN);
  });

  it('removes it base64-encoded, standard and URL-safe, also inside a longer encoded text', () => {
    for (const prefix of ['', 'a', 'ab', 'user:']) {
      const basic = Buffer.from(`${prefix}${TOKEN}`).toString('base64');
      const out = scrub.text(`Authorization: Basic ${basic}`);
      expect(out, prefix).toContain(REDACTED);
      // What is left cannot be decoded back into the secret.
      expect(Buffer.from(out.replace('Authorization: Basic ', ''), 'base64').toString('latin1')).not.toContain(TOKEN);
      const urlSafe = Buffer.from(`${prefix}${TOKEN}`).toString('base64url');
      expect(scrub.text(urlSafe), `${prefix} url-safe`).toContain(REDACTED);
    }
  });

  it('leaves other text alone, including regular-expression characters in a secret', () => {
    const dotted = createSecretScrubber(['a.b*c(d)e']);
    expect(dotted.text('axb*c(d)e and a.b*c(d)e')).toBe(`axb*c(d)e and ${REDACTED}`);
    expect(scrub.text('nothing secret here')).toBe('nothing secret here');
    expect(createSecretScrubber([]).text(TOKEN)).toBe(TOKEN);
  });
});
