import { expect } from 'chai';
import { failureOf } from './support.js';
import { serviceOn } from './local-upstream.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FULL_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const two = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) => `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;

/** The three forms of HTTP-date (RFC 9110, 5.6.7), all in UTC; a recipient must accept each. */
const HTTP_DATES: Record<string, (d: Date) => string> = {
  'IMF-fixdate': (d) => d.toUTCString(),
  'rfc850-date': (d) => `${FULL_DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${two(d.getUTCFullYear() % 100)} ${clock(d)} GMT`,
  'asctime-date': (d) => `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${clock(d)} ${d.getUTCFullYear()}`,
};

/** A Dog API answering the image list with a 429 and `retryAfter()`, computed when the request arrives. */
function rateLimited(retryAfter: () => string) {
  return serviceOn(
    (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter() });
      res.end('{"status":"error","message":"Too Many Requests","code":429}');
    },
    { breakerThreshold: 1000 },
  );
}

describe('Retry-After from the Dog API, passed on to visitors', () => {
  for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
    it(`each HTTP-date form is read as UTC, with the service's clock in ${zone}`, async () => {
      const saved = process.env.TZ;
      process.env.TZ = zone;
      let form = '';
      const u = await rateLimited(() => HTTP_DATES[form](new Date(Date.now() + 120_000)));
      try {
        for (form of Object.keys(HTTP_DATES)) {
          const err = await failureOf(u.t.service.app.dogApi.breedImages({ main: 'pug' }));
          expect(err.kind).to.equal('rate_limited');
          expect(err.retryAfterSeconds, `${form}, e.g. ${HTTP_DATES[form](new Date())}`).to.be.within(115, 120);
        }
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
        await u.close();
      }
    });
  }

  it('a number that is not whole seconds (1e3, 0x10) is no Retry-After: the visitor gets the default', async () => {
    let header = '';
    const u = await rateLimited(() => header);
    try {
      for (const [given, breed, passed] of [['1e3', 'pug', '5'], ['0x10', 'husky', '5'], ['120', 'hound', '120']]) {
        header = given;
        const res = await u.t.get(`/api/image?breed=${breed}`);
        expect([res.status, res.headers.get('retry-after')], given).to.deep.equal([503, passed]);
      }
    } finally {
      await u.close();
    }
  });
});
