// End-to-end: the receive screen, the Travel Address, the decode tool, and fresh addresses
// that no later AOPP proof uses.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { APP, approveOnScreen, launchAgain, screenshot, windowPng } from './harness.mjs';
import { startWithVasp } from './vasp.mjs';

const PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const TA = 'ta2W2HPKfHxgSgrzY178knqXHg1H3jfeQrwQ9JrKBs9wv';

let home;
let vasp;
let driver;
let session;

before(async () => {
  ({ home, vasp, driver, session } = await startWithVasp('receive', PHRASE));
  await (await session.find('[data-testid=open-receive]')).click();
  await session.find('[data-testid=receive-address]');
});

after(async () => {
  if (session) await session.end().catch(() => {});
  await driver?.stop();
  vasp?.stop();
});

/** What the X clipboard holds, read as another application would. */
function clipboard() {
  return execFileSync('xclip', ['-o', '-selection', 'clipboard']).toString();
}

test('receive without a Travel Address', async () => {
  assert.match(await session.text('[data-testid=receive-path]'), /^m\/84'\/0'\/0'\/0\/0$/);
  await screenshot(session, 'receive');
});

test('the receive QR code, decoded from a screenshot, equals the URI shown', async () => {
  for (const format of ['p2wpkh', 'standard']) {
    await session.execute(
      `const select = document.querySelector('[data-testid=receive-format]'); select.value = '${format}'; select.dispatchEvent(new Event('change', { bubbles: true }));`,
    );
    const qr = await session.until('the QR code', async () => {
      const image = await session.find('[data-testid=receive-qr]');
      const uri = await image.attribute('data-uri');
      return uri.startsWith(format === 'standard' ? 'ethereum:0x' : 'bitcoin:bc1q') ? uri : null;
    });
    const address = await (await session.find('[data-testid=receive-address]')).attribute('data-address');
    assert.equal(qr, `${format === 'standard' ? 'ethereum' : 'bitcoin'}:${address}`);
    const png = join(home, `receive-${format}.png`);
    writeFileSync(png, await windowPng());
    const decoded = execFileSync('zbarimg', ['--quiet', '--raw', png]).toString().trim().split('\n');
    assert.deepEqual(decoded, [qr], `${format}: one code, the URI shown`);
  }
  await session.execute(
    "const select = document.querySelector('[data-testid=receive-format]'); select.value = 'p2wpkh'; select.dispatchEvent(new Event('change', { bubbles: true }));",
  );
});

test('copy puts exactly the address on the system clipboard', async () => {
  const address = await session.until('the p2wpkh address', async () => {
    const shown = await (await session.find('[data-testid=receive-address]')).attribute('data-address');
    return shown.startsWith('bc1q') ? shown : null;
  });
  const decodeAt = () => session.execute("return document.querySelector('[data-testid=decode]').getBoundingClientRect().top;");
  const before = await decodeAt();
  await (await session.find('[data-testid=copy-address]')).click();
  await session.find('[data-testid=copied]');
  assert.equal(clipboard(), address);
  // The notice floats: the buttons below it stay where the pointer is while it comes and goes.
  assert.equal(await decodeAt(), before);
});

test('each invalid Travel Address input gets its own message', async () => {
  const cases = [
    ['beneficiary/x/12345', 'unknown_tld', /real top-level domain/],
    ['ftp://beneficiary.com/x', 'scheme_present', /Leave out the “https:\/\/” part/],
    ['ta2W2HPKfHxgSgrzY178knqXHg1H3jfeQrwQ9JrKBs9wx', 'travel_checksum', /typo/],
  ];
  for (const [input, code, words] of cases) {
    const field = await session.find('[data-testid=travel-input]');
    await field.clear();
    await field.type(input);
    await (await session.find('[data-testid=save-travel]')).click();
    const error = await session.until(`error for ${input}`, async () => {
      const shown = await session.find('[data-testid=travel-error]');
      return (await shown.attribute('data-code')) === code ? shown : null;
    });
    assert.match(await error.text(), words, input);
  }
});

test('set up from beneficiary.com/x/12345: the Travel Address is shown and copied exactly', async () => {
  const field = await session.find('[data-testid=travel-input]');
  await field.clear();
  await field.type('beneficiary.com/x/12345');
  await (await session.find('[data-testid=save-travel]')).click();
  assert.equal(await session.text('[data-testid=travel-address]'), TA);
  assert.equal(
    await session.text('[data-testid=travel-destination]'),
    'Senders’ VASPs will send your details to beneficiary.com.',
  );
  await (await session.find('[data-testid=copy-travel]')).click();
  await session.find('[data-testid=copied]');
  assert.equal(clipboard(), TA);
  await screenshot(session, 'receive-travel-address');
});

test("the decode tool gives the URL, or each of the spec's reasons", async () => {
  const cases = [
    [TA, null, /https:\/\/beneficiary.com\/x\/12345\?t=i/],
    ['2W2HPKfHxgSgrzY178knqXHg1H3jfeQrwQ9JrKBs9wv', 'missing_prefix', /starts with “ta”/],
    ['taEJKtAQyrS5x6i59GBS2fcbcUxoR14dYiW9cZu', 'missing_inquiry_tag', /lacks “t=i”/],
    ['ta2BCfkBRHmbhyZuKHmEdHpypmo7HG4RJVgaWYR4LkKGLyAtJQkDtJrK', 'scheme_present', /https/],
    ['taEJKtAQyrS5x6i59GKB6iMPx1iDzs8HXGNhbk1', 'unknown_tld', /top-level domain/],
  ];
  for (const [input, code, words] of cases) {
    const field = await session.find('[data-testid=decode-input]');
    await field.clear();
    await field.type(input);
    await (await session.find('[data-testid=decode]')).click();
    if (code === null) {
      assert.match(await session.until('decoded', () => session.text('[data-testid=decoded-url]')), words);
    } else {
      const error = await session.until(`error for ${input}`, async () => {
        const shown = await session.find('[data-testid=decode-error]');
        return (await shown.attribute('data-code')) === code ? shown : null;
      });
      assert.match(await error.text(), words, input);
    }
  }
});

test('"new address" gives a different address each time, and the next proof uses none of them', async () => {
  const shown = [await (await session.find('[data-testid=receive-address]')).attribute('data-address')];
  for (let i = 0; i < 2; i++) {
    await (await session.find('[data-testid=new-address]')).click();
    shown.push(
      await session.until('a new address', async () => {
        const address = await (await session.find('[data-testid=receive-address]')).attribute('data-address');
        return shown.includes(address) ? null : address;
      }),
    );
  }
  assert.equal(new Set(shown).size, 3);
  await (await session.find('[data-testid=close-receive]')).click();

  const link = await vasp.link('btc', 'p2wpkh');
  await launchAgain([link.link], APP, driver.env);
  const proven = await (await session.find('[data-testid=proof-address]')).attribute('data-address');
  assert.ok(!shown.includes(proven), `${proven} was shown as a receive address`);
  assert.equal(await (await approveOnScreen(session)).attribute('data-status'), 'accepted');
  const received = await vasp.received(link.token);
  assert.equal(received[0].address, proven);
});
