// The reference for the anonymous page: bare Koa and Nunjucks rendering the product's login page on
// every request, with the same compression as the product and nothing else (no sessions, CSRF,
// security headers, domain choice or branding). Started by bench/anonymous-page.ts in its own process.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import Koa from 'koa';
import nunjucks from 'nunjucks';
import { VIEWS_DIR } from '../src/paths.js';
import { compressResponses } from '../src/web/compression.js';

const port = Number(process.argv[2] ?? 3212);
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR), { autoescape: true });
env.addGlobal('url', () => '/login');
env.addGlobal('asset', (file: string) => `/static/${file}`);
const brand = { name: 'Twostep', domain: null, logoUrl: null, faviconUrl: null, themeUrl: null, welcomeText: null, helpUrl: null };
const routes = { login: 'login', mobileLogin: 'mobileLogin' };

const app = new Koa();
app.use(compressResponses);
app.use((ctx) => {
  ctx.type = 'text/html; charset=utf-8';
  // A token per request, as any form page has.
  ctx.body = env.render('webmail/login.njk', { title: 'Sign in', brand, routes, username: '', errors: {}, domainName: null, csrfToken: randomUUID() });
});
http.createServer(app.callback()).listen(port, '127.0.0.1', () => console.log(`reference on ${port}`));
