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
