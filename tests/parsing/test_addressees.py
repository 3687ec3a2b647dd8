"""TO and INFO lists: page headers and precedence words are not addressees."""

from archive.parsing.routing import read_routing


def test_a_page_header_on_the_to_line_is_not_an_addressee():
    # 09STATE15113
    routing = read_routing(
        "P 182318Z FEB 09\nFM SECSTATE WASHDC\nTO PAGE 02        STATE   015113  182333Z \n"
        "ALL DIPLOMATIC POSTS COLLECTIVE PRIORITY\nAMEMBASSY TRIPOLI PRIORITY 1234\n"
        "INFO AMEMBASSY CAIRO 5678\nPAGE 03        STATE   015113  182333Z\nAMEMBASSY ROME 9\n"
    )
    assert routing.to == ["ALL DIPLOMATIC POSTS COLLECTIVE", "AMEMBASSY TRIPOLI"]
    assert routing.info == ["AMEMBASSY CAIRO", "AMEMBASSY ROME"]


def test_niact_and_a_range_of_message_numbers_are_not_part_of_an_addressee():
    # 08STATE103511, 90BAGHDAD4397
    routing = read_routing(
        "O 011234Z OCT 08\nFM SECSTATE WASHDC\nTO AMEMBASSY KYIV NIACT IMMEDIATE 7881-7884\n"
        "AMEMBASSY KUWAIT NIACT\nINFO AMEMBASSY DJIBOUTI IMMEDIATE 4024-4027\n"
    )
    assert routing.to == ["AMEMBASSY KYIV", "AMEMBASSY KUWAIT"]
    assert routing.info == ["AMEMBASSY DJIBOUTI"]
