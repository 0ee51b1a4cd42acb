// Mail delivered as a mail server hands it to Dovecot: over LMTP on loopback. Used by the
// browser tests and the benchmark.
const net = require('net');

/** One LMTP delivery; resolves when the server accepted the message. */
function deliver(port, address, subject, id) {
  const message =
    `From: Bob <bob@example.test>\r\nTo: ${address}\r\nSubject: ${subject}\r\n` +
    `Message-ID: <${id}@example.test>\r\nDate: Fri, 4 Dec 2026 10:00:00 +0000\r\n\r\nHello.\r\n`;
  const steps = ['LHLO bench.example.test', 'MAIL FROM:<bob@example.test>', `RCPT TO:<${address}>`,
    // A line that starts with a dot is sent with two (RFC 5321 4.5.2).
    'DATA', `${message.replace(/\r\n\./g, '\r\n..')}.`, 'QUIT'];
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let buffer = '';
    let step = -1;
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      // Each complete reply (its last line has a space after the code) moves one step.
      for (;;) {
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (line[3] === '-') continue;
        if (!/^[23]/.test(line)) { socket.destroy(); reject(new Error(`LMTP: ${line}`)); return; }
        step += 1;
        if (step === steps.length - 1) { resolve(); }
        if (step < steps.length) socket.write(`${steps[step]}\r\n`);
        else socket.end();
      }
    });
    socket.on('error', reject);
  });
}

module.exports = { deliver };
