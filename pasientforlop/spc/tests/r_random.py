"""R's default random numbers (Mersenne-Twister, Inversion) to rebuild vignette data.

A port of R's ``set.seed()`` seeding (src/main/RNG.c) and ``rnorm()`` by inversion
(src/nmath/snorm.c), so the qicharts2 vignette's ``set.seed(19); rnorm(24)`` data can be
recreated without R. ``statistics.NormalDist.inv_cdf`` implements the same algorithm as R's
``qnorm()`` (Wichura's AS 241).
"""

from statistics import NormalDist

_N, _M = 624, 397
_MASK32 = 0xFFFFFFFF
_STANDARD_NORMAL = NormalDist()


class RRandom:
    def __init__(self, seed: int) -> None:
        seed &= _MASK32
        for _ in range(50):  # initial scrambling
            seed = (69069 * seed + 1) & _MASK32
        state = []
        for _ in range(_N + 1):
            seed = (69069 * seed + 1) & _MASK32
            state.append(seed)
        self._mt = state[1:]  # state[0] is mti, which FixupSeeds sets to N
        self._mti = _N

    def _next_int(self) -> int:
        mt = self._mt
        if self._mti >= _N:
            for kk in range(_N):
                y = (mt[kk] & 0x80000000) | (mt[(kk + 1) % _N] & 0x7FFFFFFF)
                mt[kk] = mt[(kk + _M) % _N] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            self._mti = 0
        y = mt[self._mti]
        self._mti += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y & _MASK32

    def unif_rand(self) -> float:
        value = self._next_int() * 2.3283064365386963e-10
        if value <= 0.0:
            return 0.5 * 2.328306437080797e-10
        if 1.0 - value <= 0.0:
            return 1.0 - 0.5 * 2.328306437080797e-10
        return value

    def rnorm(self, count: int, mean: float = 0.0, sd: float = 1.0) -> list[float]:
        big = 134217728  # 2^27
        values = []
        for _ in range(count):
            u = self.unif_rand()
            u = int(big * u) + self.unif_rand()
            values.append(mean + sd * _STANDARD_NORMAL.inv_cdf(u / big))
        return values
