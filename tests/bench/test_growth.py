"""bench/growth.py: sizes are timed in turn and each keeps the round least disturbed by other work."""

from bench.growth import lowest_in_turn


def test_the_sizes_are_timed_in_turn_each_round():
    order = []

    def measure(size):
        order.append(size)
        return (0.02, 0.01)

    lowest_in_turn(measure, [10, 1_000, 10_000], rounds=3)

    assert order == [10, 1_000, 10_000] * 3


def test_each_size_keeps_the_round_with_its_lowest_cpu_time_and_that_rounds_elapsed_time():
    # (elapsed, CPU) per round: a busy moment slows every size of its round alike.
    rounds = {
        10: iter([(0.050, 0.012), (0.030, 0.009), (0.010, 0.011)]),
        10_000: iter([(0.090, 0.020), (0.080, 0.016), (0.070, 0.018)]),
    }

    best = lowest_in_turn(lambda size: next(rounds[size]), [10, 10_000], rounds=3)

    assert best == {10: (0.030, 0.009), 10_000: (0.080, 0.016)}
