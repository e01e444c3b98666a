// The sign-in page: posts the administrator token once; the server answers with a session cookie.
const form = document.getElementById('signin-form');
const error = document.getElementById('signin-error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const token = document.getElementById('token').value.trim();
  const response = await fetch('/console/api/session', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }),
  });
  if (response.ok) {
    window.location.assign('/console/decisions');
  } else {
    let message = 'Sign-in refused.';
    try { message = (await response.json()).error || message; } catch (e) { /* keep the default */ }
    error.textContent = message;
  }
});
