import numpy as np
import pytest

from model.diffusion import bass_adopted_share, bass_peak_time, bass_time_to_share


def test_peak_time_worked_value_and_share_at_the_peak():
    peak = bass_peak_time(0.03, 0.38)
    assert peak == pytest.approx(6.192619, abs=1e-6)
    assert bass_adopted_share(peak, 0.03, 0.38) == pytest.approx(0.5 - 0.03 / (2 * 0.38))


def test_no_peak_when_imitation_does_not_beat_innovation():
    assert bass_peak_time(0.2, 0.2) is None
    assert bass_peak_time(0.3, 0.1) is None


def test_monthly_rates_are_the_yearly_ones_over_12():
    years = np.linspace(0, 10, 41)
    np.testing.assert_allclose(
        bass_adopted_share(12 * years, 0.03 / 12, 0.38 / 12), bass_adopted_share(years, 0.03, 0.38)
    )


def test_adoption_starts_at_zero_and_tends_to_the_whole_market():
    share = bass_adopted_share(np.array([0, 1000]), 0.03, 0.38)
    np.testing.assert_allclose(share, [0, 1])


def test_time_to_share_inverts_the_curve():
    t = bass_time_to_share(np.array([0.16, 0.5]), 0.03, 0.38)
    np.testing.assert_allclose(bass_adopted_share(t, 0.03, 0.38), [0.16, 0.5])
