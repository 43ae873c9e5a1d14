"""Known dateline spellings: capitals and the cities news is filed from, with common local forms.

A dateline place not found here is kept exactly as the agency sent it and flagged for the editor
(TASS's `BRUSELLS` is the standing example). Extend the list rather than correcting copy.
"""

import unicodedata

KNOWN_PLACES = """
Abidjan, Abu Dhabi, Abuja, Accra, Addis Ababa, Adelaide, Algiers, Almaty, Amman, Amsterdam, Ankara,
Antananarivo, Apia, Ashgabat, Asmara, Astana, Asuncion, Athens, Athina, Atlanta, Auckland, Baghdad,
Baku, Bamako, Bandar Seri Begawan, Bangalore, Bangkok, Bangui, Banjul, Barcelona, Basel, Basra,
Beijing, Beirut, Belfast, Belgrade, Belmopan, Benghazi, Beograd, Bergen, Berlin, Bern, Bethlehem,
Bishkek, Bissau, Bogota, Bonn, Bordeaux, Boston, Brasilia, Bratislava, Brazzaville, Bremen,
Bridgetown, Brisbane, Brussel, Brussels, Bruxelles, Bucharest, Bucuresti, Budapest, Buenos Aires,
Bujumbura, Cairo, Calgary, Canberra, Cannes, Cape Town, Caracas, Cardiff, Casablanca, Castries,
Chennai, Chicago, Chisinau, Cologne, Colombo, Conakry, Copenhagen, Cotonou, Dakar, Dallas,
Damascus, Dar es Salaam, Davos, Delhi, Den Haag, Denver, Detroit, Dhaka, Dili, Djibouti, Dodoma,
Doha, Donetsk, Dortmund, Dubai, Dublin, Dushanbe, Dusseldorf, Edinburgh, Florence, Frankfurt,
Freetown, Gaborone, Gaza, Geneva, Geneve, Genf, Genoa, Georgetown, Gitega, Glasgow, Goteborg,
Gothenburg, Grozny, Guatemala City, Hamburg, Hannover, Hanoi, Harare, Havana, Helsinki, Hiroshima,
Ho Chi Minh City, Hong Kong, Honiara, Honolulu, Houston, Islamabad, Istanbul, Jakarta, Jeddah,
Jerusalem, Johannesburg, Juba, Kabul, Kaliningrad, Kampala, Kandahar, Karachi, Kathmandu, Kazan,
Kharkiv, Khartoum, Kherson, Kiev, Kiew, Kigali, Kingston, Kinshasa, Kobe, Kobenhavn, Kolkata, Koln,
Krakow, Kuala Lumpur, Kuwait City, Kyiv, Kyjiw, Kyoto, La Paz, Lagos, Lahore, Las Vegas, Leipzig,
Libreville, Lilongwe, Lima, Lisboa, Lisbon, Ljubljana, Lome, London, Los Angeles, Luanda, Lusaka,
Luxembourg, Lviv, Lyon, Madrid, Majuro, Malabo, Male, Managua, Manama, Manchester, Manila, Maputo,
Marseille, Maseru, Mbabane, Mecca, Medina, Melbourne, Mexico City, Miami, Milan, Minsk, Mogadishu,
Monaco, Monrovia, Montevideo, Montreal, Moroni, Moscow, Moskva, Mosul, Muenchen, Mumbai, Munchen,
Munich, Muscat, N'Djamena, Nairobi, Naples, Napoli, Nassau, Naypyidaw, New Delhi, New York, Niamey,
Nice, Nicosia, Nouakchott, Nuku'alofa, Nuuk, Odesa, Odessa, Osaka, Oslo, Ottawa, Ouagadougou,
Oxford, Palermo, Palikir, Panama City, Paramaribo, Paris, Perth, Philadelphia, Phnom Penh,
Podgorica, Port-au-Prince, Port Louis, Port Moresby, Port of Spain, Porto, Porto-Novo, Prague,
Praha, Praia, Pretoria, Pristina, Pyongyang, Quito, Rabat, Ramallah, Reykjavik, Riga, Rio de
Janeiro, Riyadh, Roma, Rome, Roseau, Rotterdam, Saint Petersburg, Salzburg, San Diego, San
Francisco, San Jose, San Juan, San Marino, San Salvador, Sanaa, Santiago, Santo Domingo, Sao Paulo,
Sao Tome, Sapporo, Sarajevo, Seattle, Seoul, Sevastopol, Shanghai, Shenzhen, Simferopol, Singapore,
Skopje, Sochi, Sofia, Srinagar, St. Petersburg, St Petersburg, Stockholm, Strasbourg, Stuttgart,
Sucre, Suva, Sydney, Taipei, Tallinn, Tarawa, Tashkent, Tbilisi, Tegucigalpa, Tehran, Tel Aviv, The
Hague, Thimphu, Tirana, Tokyo, Toronto, Trieste, Tripoli, Tunis, Turin, Ulaanbaatar, Vaduz,
Valencia, Valletta, Vancouver, Vatican City, Venice, Victoria, Vienna, Vientiane, Vilnius,
Vladivostok, Warsaw, Warszawa, Washington, Wellington, Wien, Windhoek, Wuhan, Yamoussoukro, Yangon,
Yaounde, Yekaterinburg, Yerevan, Zagreb, Zuerich, Zurich
"""


def normalise(name: str) -> str:
    """Case, accents, dots and dashes do not make a different spelling."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.casefold().replace("-", " ").replace(".", " ")
    return " ".join(plain.split())


GAZETTEER = frozenset(normalise(name) for name in KNOWN_PLACES.split(",") if name.strip())


def is_known_place(place: str) -> bool:
    """True when the dateline's place (its first comma-separated part) is a known spelling."""
    head = place.split(",", 1)[0]
    return normalise(head) in GAZETTEER
