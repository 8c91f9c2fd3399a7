"""The war locale: reports of attacks in a war (a theatre of ``scene.THEATRE``), read beside the US local news one.

- ``locale``: which reports it reads (the places they name, the words of war) and how;
- ``scene``: the town struck, not the perpetrator, a speaking capital or a dateline;
- ``when``: the attack's day, never a period's start or a year from elsewhere;
- ``events``: the war type (missile strike, airstrike, drone strike, shelling, explosion, mine) and the targets;
- ``pairs``: how two war reports score as one attack;
- ``rules``: the registry of the rules above and their typed evidence.
"""
