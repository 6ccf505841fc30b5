# The networks write dates the British way ("1 December 2016"), as in their statements; Django's English default
# is the American "Dec. 1, 2016".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
