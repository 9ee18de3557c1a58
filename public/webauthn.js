// Security keys and passkeys: the only script of the product, loaded by Configure and by the
// challenge of an account with a key. Without it every flow still works with codes.
(function () {
  'use strict';
  var lib = window.SimpleWebAuthnBrowser;
  var forms = document.querySelectorAll('form[data-webauthn]');
  var supported = Boolean(lib && lib.browserSupportsWebAuthn());

  function say(form, text) {
    var status = form.querySelector('[data-webauthn-status]');
    status.textContent = text;
    status.hidden = !text;
  }

  function ask(form) {
    say(form, form.getAttribute('data-waiting'));
    fetch(form.getAttribute('data-options-url'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': form.elements._csrf.value, accept: 'application/json' },
    })
      .then(function (reply) {
        return reply.json().then(function (body) {
          if (!reply.ok) throw new Error(body.error || form.getAttribute('data-failed'));
          return body.options;
        });
      })
      .then(function (options) {
        var start = form.getAttribute('data-webauthn') === 'register' ? lib.startRegistration : lib.startAuthentication;
        return start({ optionsJSON: options });
      })
      .then(function (answer) {
        form.elements.credential.value = JSON.stringify(answer);
        // "Don't ask again on this browser" is ticked on the code form; it counts for a key too.
        var trust = form.querySelector('[data-webauthn-trust]');
        var ticked = document.querySelector('input[type=checkbox][name=trust]');
        if (trust && ticked) trust.value = ticked.checked ? 'yes' : '';
        form.submit();
      })
      .catch(function (err) {
        say(form, err && err.name === 'NotAllowedError' ? form.getAttribute('data-cancelled') : (err && err.message) || form.getAttribute('data-failed'));
      });
  }

  Array.prototype.forEach.call(forms, function (form) {
    var fallback = document.getElementById(form.getAttribute('data-fallback'));
    if (!supported) {
      if (fallback) fallback.textContent = form.getAttribute('data-unsupported');
      return;
    }
    if (fallback) fallback.hidden = true;
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (form.reportValidity()) ask(form);
    });
  });
})();
