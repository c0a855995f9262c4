"""Views of the certification app, split by screen group."""
