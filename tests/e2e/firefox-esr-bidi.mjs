#!/usr/bin/env node
// Playwright launches this in place of Debian's Firefox ESR (its "moz-firefox" channel drives a stock Firefox over
// WebDriver BiDi). It starts Firefox with Playwright's arguments and stands between the two on the BiDi WebSocket,
// bridging the places where Playwright 1.65 and Firefox ESR 153 disagree; everything else passes
// through untouched:
// - Playwright sends `emulation.setMediaFeaturesOverride` for every new page, a command ESR 153 lacks, so no page
//   would open. When it only resets the overrides (all Playwright sends unless a test emulates a colour scheme) it
//   is answered here; an emulation a test really asks for still reaches Firefox and fails loudly there.
// - Playwright gives `browsingContext.print` the page size and margins in inches, where WebDriver BiDi takes
//   centimetres (an A4 page came out 8.27 cm wide); they are converted here.
// - Playwright's screenshots toggle a <style> element in Firefox, which a strict CSP blocks; the toggle is left out.
// - Playwright tells downloads apart by the `download` id of the download events, which ESR 153 does not send; for
//   a download from a blob: URL (every file the app saves) it sends no navigation id either, or a stale one, so
//   Playwright would miss the download or mix two up. Each download is given an id of its own here.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { WebSocket, WebSocketServer } from 'ws';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const LISTENING = /WebDriver BiDi listening on (ws:\/\/\S+)/;

const firefox = spawn(FIREFOX, process.argv.slice(2), { stdio: ['ignore', 'inherit', 'pipe'] });
firefox.on('error', (error) => {
    process.stderr.write(`cannot start ${FIREFOX}: ${error.message}\n`);
    process.exit(1);
});
firefox.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => firefox.kill(signal));

/** Inches to centimetres in a print command's page and margins. */
function printInCentimetres(message) {
    if (message.method !== 'browsingContext.print') return message;
    const { page, margin } = message.params;
    for (const sizes of [page, margin]) {
        for (const side of Object.keys(sizes ?? {})) sizes[side] *= 2.54;
    }
    return message;
}

/**
 * Playwright's screenshot preparation without its animation sync: for Firefox it adds and removes a
 * `<style>body {}</style>` so that animations restart together, a style the page's strict CSP rightly blocks; Firefox
 * then reports a violation that is Playwright's, not the app's, and the tests that watch for violations would fail on
 * every screenshot. Hiding the caret and disabling animations (what a test may ask for) are left as they are.
 */
function screenshotWithoutAnimationSync(message) {
    if (message.method !== 'script.callFunction') return message;
    for (const argument of message.params?.arguments ?? []) {
        const code = argument.type === 'string' ? argument.value : '';
        if (code.startsWith('(function inPagePrepareForScreenshots(') && code.endsWith(', true)')) {
            argument.value = `${code.slice(0, -', true)'.length)}, false)`;
        }
    }
    return message;
}

/** Only a reset of every media feature is answered here; an override a test asks for goes on to Firefox. */
function answerHere(message) {
    if (message.method !== 'emulation.setMediaFeaturesOverride') return false;
    const features = message.params?.features ?? {};
    return Object.values(features).every((value) => value === null || value === undefined);
}

/** Download ids by context and URL, from the start of a download to its end. */
const downloads = new Map();

function withDownloadId(text) {
    if (!text.includes('"browsingContext.download')) return text;
    const message = JSON.parse(text);
    const { method, params } = message;
    if (message.type !== 'event' || params?.download) return text;
    const key = `${params.context} ${params.url}`;
    if (method === 'browsingContext.downloadWillBegin') {
        params.download = randomUUID();
        downloads.set(key, params.download);
    } else if (method === 'browsingContext.downloadEnd' && downloads.has(key)) {
        params.download = downloads.get(key);
        downloads.delete(key);
    } else {
        return text;
    }
    return JSON.stringify(message);
}

function proxy(upstreamBase) {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (client, request) => {
        const upstream = new WebSocket(new URL(request.url, upstreamBase).href);
        const queued = [];
        upstream.on('open', () => queued.splice(0).forEach((data) => upstream.send(data)));
        upstream.on('message', (data) => client.send(withDownloadId(data.toString())));
        upstream.on('close', () => client.close());
        upstream.on('error', () => client.terminate());
        client.on('message', (data) => {
            const message = screenshotWithoutAnimationSync(printInCentimetres(JSON.parse(data.toString())));
            const text = JSON.stringify(message);
            if (answerHere(message)) {
                client.send(JSON.stringify({ type: 'success', id: message.id, result: {} }));
            } else if (upstream.readyState === WebSocket.OPEN) {
                upstream.send(text);
            } else {
                queued.push(text);
            }
        });
        client.on('close', () => upstream.close());
    });
    return new Promise((ready) => server.on('listening', () => ready(server.address().port)));
}

const lines = createInterface({ input: firefox.stderr });
lines.on('line', async (line) => {
    const match = line.match(LISTENING);
    if (!match) {
        process.stderr.write(`${line}\n`);
        return;
    }
    const upstream = match[1].replace(/\/$/, '');
    const port = await proxy(`${upstream}/`);
    process.stderr.write(`${line.replace(match[1], `ws://127.0.0.1:${port}`)}\n`);
});
