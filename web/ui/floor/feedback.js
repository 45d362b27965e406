/*
 * What a scan feels like: a flash of colour with the message, a beep
 * (WebAudio: high and short for ok, low and double for an error) and a
 * vibration where the device has one.
 */
import { $ } from '../lib/dom.js';

let audio = null;
let flashTimer = 0;
let lastText = null; /* how to say the message shown, again after a language switch */

function tone(freq, start, len) {
  const o = audio.createOscillator();
  const g = audio.createGain();
  o.frequency.value = freq;
  o.type = 'square';
  g.gain.value = 0.15;
  o.connect(g).connect(audio.destination);
  o.start(audio.currentTime + start);
  o.stop(audio.currentTime + start + len);
}

/*
 * Creates the audio context ahead of the first scan (creating one takes
 * 0.5-1.5 s on a handheld, which the first beep would otherwise hold the
 * flash for) and resumes it on the first touch or key, as browsers start
 * it suspended until a gesture. Called when the terminal starts.
 */
export function primeAudio() {
  try {
    audio = audio || new AudioContext();
  } catch (e) {
    return; /* no audio device: colour and text still tell */
  }
  const wake = () => {
    if (audio.state === 'running') return;
    audio.resume().catch(() => {});
  };
  for (const ev of ['pointerdown', 'keydown', 'touchstart']) document.addEventListener(ev, wake, { capture: true });
  wake();
}

function beep(ok) {
  try {
    audio = audio || new AudioContext();
    if (ok) tone(1760, 0, 0.08);
    else {
      tone(220, 0, 0.18);
      tone(220, 0.25, 0.18);
    }
  } catch (e) { /* no audio device: colour and text still tell */ }
}

/*
 * Shows a message as ok, error or info; errors stay until the next scan.
 * @say is a function returning the text (called again by retranslate()).
 */
export function feedback(kind, say) {
  const f = $('#flash');
  const text = say();
  lastText = say;
  f.className = 'flash ' + kind;
  f.textContent = text;
  f.hidden = !text;
  document.body.dataset.feedback = kind;
  clearTimeout(flashTimer);
  if (kind === 'ok') flashTimer = setTimeout(() => { f.hidden = true; }, 1500);
  if (kind === 'ok' || kind === 'error') beep(kind === 'ok');
  if (navigator.vibrate) navigator.vibrate(kind === 'error' ? [200, 100, 200] : 40);
}

/* Says the message shown again, in the language now loaded. */
export function retranslate() {
  if (lastText) $('#flash').textContent = lastText();
}

export function clearFeedback() {
  lastText = null;
  $('#flash').hidden = true;
  delete document.body.dataset.feedback;
}
