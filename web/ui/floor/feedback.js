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
