// Prints, for the filled national example report in headless Chromium: the time from a keystroke in a figure cell to
// the findings updated on screen; with a long narrative (一、总体情况 holding 100,000 characters of report prose), the
// time from a keystroke in that text area to the next frame drawn, and the time to fill it; and the time of a 2 MB
// paste (Ctrl+V) into it, to the next frame drawn. Figures only, nothing asserted.
// Usage: node scripts/bench-keystroke.mjs [dist-dir]
import { serveDist, launchBrowser, openApp, copyToClipboard } from '../tests/e2e/harness.mjs';

/** The wording of real reports (总体情况 of a district's report), its figures varied from paragraph to paragraph; the
 * figure the format checks against the table (新收政府信息公开申请188件) is the table's, as in a consistent report. */
function reportProse(characters) {
    const paragraphs = [];
    for (let i = 0; paragraphs.join('\n').length < characters; i++) {
        const n = (k) => 17 + ((i * 37 + k * 11) % 900);
        paragraphs.push(
            `${2025 - (i % 5)}年，本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届历次全会精神，` +
                '认真落实《中华人民共和国政府信息公开条例》和国务院办公厅关于政务公开工作的部署要求，坚持以公开为常态、不公开为例外，' +
                '不断提升政务公开质量和实效。',
            `（一）主动公开。全年通过政府门户网站主动公开政府信息${n(1)}条，其中政策文件${n(2)}条，规划计划${n(3)}条，` +
                `财政预决算信息${n(4)}条。围绕优化营商环境、乡村振兴、民生保障等重点领域，及时发布政策措施和工作进展，` +
                `开展政策解读${n(5)}篇，其中图解、视频等多样化解读${n(6)}篇。`,
            '（二）依申请公开。全年新收政府信息公开申请188件，均在法定期限内答复。进一步规范申请受理、登记、审核、答复等环节，' +
                '严格执行补正告知、延期答复等程序要求，做到件件有登记、事事有回应。',
            `（三）政府信息管理。严格落实公开前保密审查制度，坚持“先审查、后公开”和“一事一审”原则，全年审查拟公开信息${n(7)}条。` +
                '动态更新政府信息公开指南和主动公开目录，对现行有效的规范性文件进行集中清理，及时标注失效、废止情况。',
            '（四）平台建设。持续优化政府门户网站政府信息公开专栏，完善栏目设置和检索功能，提升移动端访问体验。' +
                `用好政务新媒体，全年发布信息${n(8)}条，推动政务服务事项“掌上查”“指尖办”。`,
            `（五）监督保障。将政务公开工作纳入年度绩效考核，组织开展政务公开专题培训${n(9) % 30}次，参加培训工作人员${n(10)}余名。` +
                '主动接受社会监督，畅通意见建议反馈渠道，对发现的问题及时整改到位。',
        );
    }
    return paragraphs.join('\n').slice(0, characters);
}

/** The main thread's work for one change, without the wait for the display's next frame: `act` runs at the start of
 * a frame (in an animation frame callback), so that frame's style, layout and paint include it; a message posted from
 * that callback arrives after them. The frame after it (where the app's own animation frame work, such as fitting a
 * text area's height, runs) is timed the same way and added. */
const FRAME_WORK = `(act) => {
    const afterRendering = (start) => new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - start);
        channel.port2.postMessage(null);
    });
    const inFrame = (work) => new Promise((resolve) => requestAnimationFrame(() => {
        const start = performance.now();
        work();
        afterRendering(start).then(resolve);
    }));
    return inFrame(act).then((first) => inFrame(() => {}).then((second) => first + second));
}`;

/** For a paste, which the test cannot start at a frame's start: resolves with the time after the next frame drawn. */
const AFTER_NEXT_FRAME = `() => new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(null);
}))`;

const percentile = (samples, p) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
};

const server = await serveDist(process.argv[2] ? { dir: process.argv[2] } : {});
const browser = await launchBrowser();
try {
    const { page } = await openApp(browser, server.url);
    await page.getByRole('button', { name: /示例区2025年报告/ }).click();
    await page.getByRole('table').first().waitFor();
    const cellKeystrokes = () => page.evaluate(async () => {
        const input = document.querySelector('input[aria-label="一、本年新收政府信息公开申请数量 / 自然人"]');
        const counts = document.querySelector('.summary .counts');
        const original = input.value;
        const times = [];
        for (let i = 0; i < 60; i++) {
            // Alternate between a figure that breaks two identities and the original, so each keystroke changes
            // what the summary shows.
            const value = i % 2 === 0 ? String(Number(original) + 1) : original;
            const changed = new Promise((resolve) => {
                const observer = new MutationObserver(() => {
                    observer.disconnect();
                    resolve(performance.now());
                });
                observer.observe(counts, { childList: true, subtree: true, characterData: true });
            });
            const start = performance.now();
            input.value = value;
            input.dispatchEvent(new InputEvent('input', { bubbles: true, data: value.slice(-1) }));
            times.push((await changed) - start);
            await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return times.slice(10);
    });
    const samples = await cellKeystrokes();
    console.log(`keystroke_to_findings_median ${percentile(samples, 0.5).toFixed(2)} ms (budget 4 ms; filled national report, headless Chromium)`);
    console.log(`keystroke_to_findings_p90 ${percentile(samples, 0.9).toFixed(2)} ms`);
    // The budget case: the same keystrokes with 10,000 characters of narrative in 一、总体情况 (the full
    // re-check, every narrative rule included; the text's own figures are read once, when it is set).
    await page.getByLabel('一、总体情况').fill(reportProse(10_000));
    const withNarrative = await cellKeystrokes();
    console.log(`keystroke_to_findings_10k_narrative_median ${percentile(withNarrative, 0.5).toFixed(2)} ms (budget 4 ms; the filled national report with 10,000 characters in 一、总体情况)`);
    console.log(`keystroke_to_findings_10k_narrative_p90 ${percentile(withNarrative, 0.9).toFixed(2)} ms`);

    /** Pastes `text` with Ctrl+V into the focused text area, at its end; resolves with the time from the paste event
     * to the next frame drawn after it was handled, and the length the text area then holds. */
    const paste = async (text) => {
        await copyToClipboard(page, text);
        await page.getByLabel('一、总体情况').focus();
        await page.evaluate((afterNextFrame) => {
            const nextFrame = eval(afterNextFrame);
            const area = document.activeElement;
            area.setSelectionRange(area.value.length, area.value.length);
            window.pasteTimed = new Promise((resolve) => {
                area.addEventListener('paste', () => {
                    const start = performance.now();
                    // A task after the paste's: the browser's insertion, the input event and the app's handling of
                    // either (the app pastes itself what would go over its limit, and the browser then inserts
                    // nothing) are done by then.
                    setTimeout(() => nextFrame().then((end) => resolve(end - start)));
                }, { capture: true, once: true });
            });
        }, AFTER_NEXT_FRAME);
        await page.keyboard.press('Control+v');
        return page.evaluate(async () => ({ ms: await window.pasteTimed, length: document.activeElement.value.length }));
    };

    // The long narrative, filled by a paste (Chromium's execCommand('insertText') of as much text takes seconds of
    // the browser's own editing, which no app code runs in), then typed into.
    await page.getByLabel('一、总体情况').fill('');
    const fill = await paste(reportProse(99_000));
    const lengthNote = `${fill.length} characters in 一、总体情况`;
    console.log(`long_section_fill ${fill.ms.toFixed(0)} ms (paste of 99,000 characters into an empty section, just under the limit of 100,000 with what is typed next, to the next frame drawn)`);
    // A keystroke in prose changes no finding, so it is timed to the frame that shows it drawn: the main thread's
    // work (the input event, the re-check, every effect, style, layout and paint, and the following frame's
    // animation frame work), without the wait for the display's next frame (see FRAME_WORK).
    const typed = await page.evaluate(
        async (frameWork) => {
            const work = eval(frameWork);
            const area = document.activeElement;
            const before = area.value.length;
            // Type a sentence into the middle of the text, a character at a time, as a person would.
            area.setSelectionRange(50_000, 50_000);
            const sentence = '进一步提升政务公开标准化规范化水平，推动政务公开工作高质量发展。'.repeat(3);
            const times = [];
            for (const character of sentence) {
                times.push(await work(() => document.execCommand('insertText', false, character)));
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
            return { times: times.slice(10), typed: area.value.length - before };
        },
        FRAME_WORK,
    );
    console.log(`long_section_keystroke_median ${percentile(typed.times, 0.5).toFixed(2)} ms (budget 16.7 ms, one frame; ${lengthNote}, keystroke to its frame drawn, main-thread work)`);
    console.log(`long_section_keystroke_p90 ${percentile(typed.times, 0.9).toFixed(2)} ms (${typed.typed} characters typed)`);

    // A 2 MB paste (UTF-8) into the same section, at its end, whether the app takes the text or refuses what is
    // over its limit.
    let big = '';
    const paragraph = reportProse(20_000);
    while (Buffer.byteLength(big) < 2 * 1024 * 1024) big += paragraph;
    big = big.slice(0, Math.ceil(big.length * (2 * 1024 * 1024) / Buffer.byteLength(big)));
    const pasted = await paste(big);
    const into = fill.length + typed.typed;
    console.log(`paste_2mb ${pasted.ms.toFixed(0)} ms (budget 1000 ms; ${Buffer.byteLength(big)} bytes, ${big.length} characters pasted into ${into}; the section then holds ${pasted.length})`);
} finally {
    await browser.close();
    await server.close();
}
