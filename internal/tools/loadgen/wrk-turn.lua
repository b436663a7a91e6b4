-- wrk script: a WhatsApp turn with a fresh MessageSid per request (5,000
-- senders). A fixed body would measure the provider-retry path instead.
-- Use: wrk -t2 -c128 -d4s -s internal/tools/loadgen/wrk-turn.lua http://127.0.0.1:8000
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
local n = 0
local run = tostring(os.time())
function request()
  n = n + 1
  local sid = string.format("SM%s%02d%018d", run, tid, n)
  local from = string.format("%%2B336399%05d", (n * 7 + tid) % 5000)
  local body = "SmsMessageSid=" .. sid .. "&NumMedia=0&ProfileName=Camille+Martin&MessageType=text&SmsSid=" .. sid ..
    "&WaId=336399&SmsStatus=received&Body=Bonjour%2C+quels+sont+vos+horaires+%3F&To=whatsapp%3A%2B33639980000" ..
    "&MessagingServiceSid=MG81d4c2a7e95b3f60d1c8a4e27b9f5d03&NumSegments=1&ReferralNumMedia=0&MessageSid=" .. sid ..
    "&AccountSid=AC5e2b7d90c41f836a2d0e9b71c53f8a46&From=whatsapp%3A" .. from .. "&ApiVersion=2010-04-01"
  return wrk.format("POST", "/api/whatsapp/webhook", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
