"""cert-prep: exam prep for the CPC, CCS and CCA medical coding certifications."""

__version__ = "0.1.0"
