-- Dovecot passdb and userdb that ask Twostep (Debian's dovecot-auth-lua, Dovecot 2.3.19).
--
-- Every sign-in (IMAP, POP3, submission) and every delivery (LMTP) is one HTTP POST to Twostep's
-- lookup endpoint (MAIL_AUTH_PORT), which is its own listener on loopback, never the WebMail port,
-- and answers only requests carrying the shared token (MAIL_AUTH_TOKEN). Keep this file readable
-- by root and Dovecot only: it holds the token.
--
-- Twostep answers 200 with lines "key=value": result=ok|refused|tempfail|mismatch|unknown,
-- user=<the account's address>, reason=<words for the mail client or the log>. A tempfail (too many
-- failed sign-ins for now) and anything else (Twostep down, slow, or refusing the request) is a
-- temporary failure: the client is told to try again later, never let in.

local ENDPOINT = "{{AUTH_URL}}"
local TOKEN = "{{AUTH_TOKEN}}"

local client

function script_init()
  client = dovecot.http.client({
    -- A slow Twostep must fail fast: mail clients retry a temporary failure by themselves.
    request_timeout_msecs = {{AUTH_TIMEOUT_MS}},
    max_attempts = 1,
    user_agent = "dovecot-twostep-auth",
  })
  return 0
end

function script_deinit()
end

local function encode(value)
  return (tostring(value or ""):gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

-- POSTs the fields (a list of {name, value}) and answers the parsed lines, or nil and an error.
local function ask(path, fields)
  local parts = {}
  for _, field in ipairs(fields) do
    parts[#parts + 1] = field[1] .. "=" .. encode(field[2])
  end
  local request = client:request({ url = ENDPOINT .. path, method = "POST" })
  request:add_header("Authorization", "Bearer " .. TOKEN)
  request:add_header("Content-Type", "application/x-www-form-urlencoded")
  request:set_payload(table.concat(parts, "&"))
  local response = request:submit()
  local status = response:status()
  if status ~= 200 then
    return nil, "Twostep answered " .. tostring(status) .. " " .. tostring(response:reason())
  end
  local answer = {}
  for key, value in string.gmatch(response:payload(), "([%w_]+)=([^\n]*)") do
    answer[key] = value
  end
  return answer
end

function auth_password_verify(req, pass)
  local answer, err = ask("/dovecot/passdb", {
    { "user", req.user },
    { "password", pass },
    { "service", req.service },
    { "remote_ip", req.remote_ip },
    -- Set when the master user (WebMail) signs in for this account: only its existence counts.
    { "master", req.skip_password_check and "1" or "0" },
  })
  if answer == nil then
    return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, err
  end
  if answer.result == "ok" then
    return dovecot.auth.PASSDB_RESULT_OK, { user = answer.user }
  end
  if answer.result == "refused" then
    -- The credentials were right but the account may not sign in this way; only "nologin" lets
    -- Dovecot show the reason (for example that an app password is needed) to the client.
    return dovecot.auth.PASSDB_RESULT_OK, { user = answer.user, nologin = "y", reason = answer.reason }
  end
  if answer.result == "tempfail" then
    return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, answer.reason or "try again later"
  end
  if answer.result == "mismatch" then
    return dovecot.auth.PASSDB_RESULT_PASSWORD_MISMATCH, "wrong password"
  end
  if answer.result == "unknown" then
    return dovecot.auth.PASSDB_RESULT_USER_UNKNOWN, "no such account"
  end
  return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, "unexpected answer from Twostep"
end

function auth_userdb_lookup(req)
  local answer, err = ask("/dovecot/userdb", {
    { "user", req.user },
    { "service", req.service },
  })
  if answer == nil then
    return dovecot.auth.USERDB_RESULT_INTERNAL_FAILURE, err
  end
  if answer.result == "ok" then
    return dovecot.auth.USERDB_RESULT_OK, { user = answer.user }
  end
  if answer.result == "unknown" then
    return dovecot.auth.USERDB_RESULT_USER_UNKNOWN, "no such account"
  end
  return dovecot.auth.USERDB_RESULT_INTERNAL_FAILURE, "unexpected answer from Twostep"
end
