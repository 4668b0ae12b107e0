// Serves the example portal and the release build, for trying the two ways of embedding by hand:
//   trunk build --release && node examples/portal/serve.mjs
// The portal (with the app beside it in nianbao/) and a second copy of the app on another origin, whose
// nianbao.config.json allows the portal's origin. Both under the strict Content-Security-Policies of the tests.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve, serveDist, PORTAL_CSP, DIST } from '../../tests/e2e/harness.mjs';

const examples = resolve(import.meta.dirname, '..');
const headers = { 'content-security-policy': PORTAL_CSP };
const portal = await serve({ routes: { '/': examples, '/portal/nianbao/': DIST }, headers });
const config = JSON.parse(readFileSync(resolve(DIST, 'nianbao.config.json'), 'utf8'));
config.embed.allowed_origins = [portal.origin];
const app = await serveDist({
    prefix: '/any/sub/path/',
    overrides: { '/any/sub/path/nianbao.config.json': JSON.stringify(config) },
});
console.log(`iframe: ${portal.url}portal/iframe.html?app=${encodeURIComponent(app.url)}`);
console.log(`mount:  ${portal.url}portal/mount.html`);
console.log('Ctrl-C to stop.');
