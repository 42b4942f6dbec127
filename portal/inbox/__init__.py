"""The citizen's inbox: the list, deadline banners, the message page and what a citizen does with a message."""
