/**
 * Which addresses are pages: the app for the create pages, a clinic's pages and a crew's, and the app's own
 * not-found page, sent with 404, for everything else, a clinic link cut short included.
 */
import { describe, expect, it } from 'vitest';
import { useInProcessServer } from '../support/serverFixture.ts';

const fixture = useInProcessServer();

async function page(path: string) {
  const response = await fetch(`${fixture.server.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), csp: response.headers.get('content-security-policy'), body: await response.text() };
}

describe('pages', () => {
  it.each(['/', '/c/AbCdEfGhIjKlMnOp', '/c/AbCdEfGhIjKlMnOp/', '/c/AbCdEfGhIjKlMnOp/present', '/c/AbCdEfGhIjKlMnOp/mini', '/crews/new', '/crews/AbCdEfGhIjKlMnOp', '/crews/AbCdEfGhIjKlMnOp/'])('serves the app at %s', async (path) => {
    const { status, type, body } = await page(path);
    expect(status).toBe(200);
    expect(type).toContain('text/html');
    expect(body).toContain('<div id="root">');
  });

  it.each(['/c/bad!chars', '/c/short', '/c/AbCdEfGhIjKlMnOp/elsewhere', '/c/', '/nowhere', '/index.html/x', '/c/AbCdEfGhIjKlMnOp%20', '/crews/', '/crews/short', '/crews/AbCdEfGhIjKlMnOp/weeks'])(
    'answers %s with 404 and the app, which shows its not-found page, under the same security policy',
    async (path) => {
      const { status, type, csp, body } = await page(path);
      expect(status).toBe(404);
      expect(type).toContain('text/html');
      expect(body).toContain('<div id="root">');
      expect(csp).toContain("script-src 'self'");
    },
  );
});
