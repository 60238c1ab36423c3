"""The rule framework: rule kinds, discovery, selection and the run loop."""
