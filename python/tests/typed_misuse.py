"""Checked by mypy (test_typing.py), never run: each line below must be an error, so
the stubs really catch these mistakes."""

from tokenhot import Tokenhot

client = Tokenhot()
client.chat.completions.create(model="m", messages=[], temprature=0.2)
client.chat.completions.create(model=5, messages=[])
client.chat.completions.create(model="m", messages=[], timeout="10")
r = client.chat.completions.create(model="m", messages=[])
r.choices[0].message.contnet
s = client.chat.completions.create(model="m", messages=[], stream=True)
s.choices
client.gemini.generate_content(model="g", contents="hi", generation_confg={})
client.gemini.generate_content(model="g", contents=5)
g = client.gemini.generate_content(model="g", contents="hi")
g.candidates[0].finish_reasn
client.chat.completions.create(model="m", messages=[], stream=True).final_response()
client.messages.create(model="c", messages=[])
client.messages.create(model="c", max_tokens=9, messages=[], thinkng={})
client.chat.completions.create(model="m", messages=[], stream=True).final_message()
