import Koa from 'koa';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
let draining = false;

const app = new Koa();
app.use((ctx) => {
  if (ctx.path === '/healthz') {
    ctx.body = 'ok\n';
  } else if (ctx.path === '/readyz') {
    ctx.status = draining ? 503 : 200;
    ctx.body = draining ? 'draining\n' : 'ready\n';
  } else {
    ctx.status = 404;
    ctx.body = 'not found\n';
  }
});

const server = app.listen(port, host);
process.once('SIGTERM', () => {
  draining = true;
  server.close(() => process.exit(0));
});
