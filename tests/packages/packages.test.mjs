// The release packages as a distribution's tools read them: the .deb with dpkg-deb, the .rpm
// with Debian's rpm and rpm2cpio, both from the one release build of scripts/test.sh. Each must
// name what the app needs (WebKitGTK 4.1, GTK 3, SQLite), install the app and its launcher, and
// carry the same desktop entry: `aopp-wallet-open %u` registered for aopp: links.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const BUNDLE = resolve(import.meta.dirname, '../../target/release/bundle');
const only = (dir, suffix) => {
  const found = readdirSync(join(BUNDLE, dir)).filter((name) => name.startsWith('aopp-wallet') && name.endsWith(suffix));
  assert.equal(found.length, 1, `one ${suffix} in ${dir}: ${found}`);
  return join(BUNDLE, dir, found[0]);
};
const DEB = only('deb', '.deb');
const RPM = only('rpm', '.rpm');
const run = (command, ...args) => execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const rpmQuery = (...args) => run('rpm', '-qp', ...args, RPM);

const FILES = [
  '/usr/bin/aopp-wallet',
  '/usr/bin/aopp-wallet-open',
  '/usr/share/applications/aopp-wallet.desktop',
  '/usr/share/icons/hicolor/128x128/apps/aopp-wallet.png',
  '/usr/share/metainfo/org.aoppwallet.desktop.metainfo.xml',
];
const DESKTOP = '/usr/share/applications/aopp-wallet.desktop';
const METAINFO = '/usr/share/metainfo/org.aoppwallet.desktop.metainfo.xml';

function fileOfDeb(path) {
  return execFileSync('sh', ['-c', `dpkg-deb --fsys-tarfile "$0" | tar -xO "${path.slice(1)}"`, DEB], { encoding: 'utf8' });
}

function fileOfRpm(path) {
  return execFileSync('sh', ['-c', `rpm2cpio "$0" | cpio -i --quiet --to-stdout ".${path}"`, RPM], { encoding: 'utf8' });
}

const desktopOfDeb = () => fileOfDeb(DESKTOP);
const desktopOfRpm = () => fileOfRpm(DESKTOP);

test('the .deb: its dependencies, files, description and size', () => {
  const depends = run('dpkg-deb', '-f', DEB, 'Depends').trim().split(/,\s*/);
  for (const needed of ['libwebkit2gtk-4.1-0', 'libgtk-3-0', 'libsqlite3-0']) assert.ok(depends.includes(needed), `Depends: ${depends}`);
  const files = run('dpkg-deb', '-c', DEB).split('\n').map((line) => `/${line.split(/\s+/).at(-1)?.replace(/^\.?\//, '')}`);
  for (const file of FILES) assert.ok(files.includes(file), `${file} in the .deb`);
  assert.match(run('dpkg-deb', '-f', DEB, 'Description'), /^Prove address ownership to exchanges\n .*keyring/s);
  assert.ok(statSync(DEB).size <= 6_000_000, `${statSync(DEB).size} bytes`);
});

test('the .rpm (rpm -qip, -qlp): the same dependencies by soname, files and description', () => {
  const info = rpmQuery('-i');
  assert.match(info, /^Name\s+: aopp-wallet$/m);
  assert.match(info, /^Architecture: x86_64$/m);
  assert.match(info, /^Summary\s+: Prove address ownership to exchanges$/m);
  assert.match(info, /^Description :\nAOPP Wallet answers an exchange/m);
  const requires = rpmQuery('--requires').split('\n');
  for (const needed of ['libwebkit2gtk-4.1.so.0()(64bit)', 'libgtk-3.so.0()(64bit)', 'libsqlite3.so.0()(64bit)']) {
    assert.ok(requires.includes(needed), `Requires: ${requires}`);
  }
  const files = rpmQuery('-l').split('\n');
  for (const file of FILES) assert.ok(files.includes(file), `${file} in the .rpm`);
  assert.ok(statSync(RPM).size <= 6_000_000, `${statSync(RPM).size} bytes`);
});

test('both carry the same desktop entry: the launcher with %u, registered for aopp: links', () => {
  const entry = desktopOfDeb();
  assert.equal(desktopOfRpm(), entry);
  assert.match(entry, /^Exec=aopp-wallet-open %u$/m);
  assert.match(entry, /^MimeType=x-scheme-handler\/aopp;$/m);
  assert.match(entry, /^Name=AOPP Wallet$/m);
  // What desktop-file-validate would refuse, it does not find.
  assert.match(entry, /^Type=Application$/m);
  assert.doesNotMatch(entry, /\{\{|\}\}/, 'no template left');
  // In the languages of the screens (de serves de_CH: the words have no ß).
  for (const language of ['de', 'fr', 'it']) {
    assert.match(entry, new RegExp(`^Comment\\[${language}\\]=.+$`, 'm'));
    assert.match(entry, new RegExp(`^GenericName\\[${language}\\]=.+$`, 'm'));
  }
  const dir = mkdtempSync(join(tmpdir(), 'aopp-entry-'));
  writeFileSync(join(dir, 'aopp-wallet.desktop'), entry);
  assert.equal(run('desktop-file-validate', join(dir, 'aopp-wallet.desktop')), '');
});

test('both carry the same AppStream description, valid, in every language of the screens', () => {
  const metainfo = fileOfDeb(METAINFO);
  assert.equal(fileOfRpm(METAINFO), metainfo);
  for (const language of ['de', 'de-CH', 'fr', 'it']) {
    assert.match(metainfo, new RegExp(`<summary xml:lang="${language}">`));
    assert.equal(metainfo.split(`<p xml:lang="${language}">`).length, metainfo.split('<p>').length, language);
  }
  const dir = mkdtempSync(join(tmpdir(), 'aopp-metainfo-'));
  writeFileSync(join(dir, 'org.aoppwallet.desktop.metainfo.xml'), metainfo);
  run('appstreamcli', 'validate', '--no-net', '--pedantic', join(dir, 'org.aoppwallet.desktop.metainfo.xml'));
});

test('what users get carries none of the test switches', () => {
  const binary = execFileSync('sh', ['-c', `rpm2cpio "$0" | cpio -i --quiet --to-stdout ./usr/bin/aopp-wallet`, RPM], { maxBuffer: 64 << 20 });
  for (const name of ['AOPP_WALLET_EXTRA_CA', 'AOPP_WALLET_ALLOW_LOOPBACK_HTTP', 'AOPP_WALLET_MOCK_CAMERA', 'AOPP_WALLET_WC_RELAY_URL']) {
    assert.equal(binary.includes(name), false, `the packaged app reads ${name}`);
  }
});
